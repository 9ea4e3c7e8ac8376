from silkpress.cli import main

main(prog_name="silkpress")
