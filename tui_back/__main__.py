from tui_back.launch import main

main()
