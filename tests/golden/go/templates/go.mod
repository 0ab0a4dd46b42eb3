module tcheck

go 1.19
