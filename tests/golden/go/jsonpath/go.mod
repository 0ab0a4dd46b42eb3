module jpcheck

go 1.19

require github.com/PaesslerAG/jsonpath v0.1.1
require github.com/PaesslerAG/gval v1.0.0

// Point these at checkouts of the tagged sources (jsonpath v0.1.1, gval v1.0.0).
replace github.com/PaesslerAG/jsonpath => ../../../../../jsonpath
replace github.com/PaesslerAG/gval => ../../../../../gval
