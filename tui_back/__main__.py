from tui_back.cli import main

main()
