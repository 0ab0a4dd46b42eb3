#!/bin/sh
# Regenerates ../../template_corners.txt: corners.py writes the cases, Go runs them.
# Two templates hold comparisons main.go's go126Comparison cannot rewrite (a third
# operand, an {{if}}); their Go 1.26 texts are patched here by hand.
set -e
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/corners.py" > "$here/corners.txt"
(cd "$here" && go build -o /tmp/tcheck-corners .)
cd "$here/../.."
/tmp/tcheck-corners < go/templates/corners.txt |
  sed -e 's|^\(invite\t"{{eq 1 2 \\"a\\"}}".*incompatible types for comparison\)"$|\1: int and string"\tPATCHED|' \
      -e 's|^\(invite\t"{{if eq 1 1.5}}a{{end}}".*incompatible types for comparison\)"$|\1: int and float64"\tPATCHED|' \
  > template_corners.txt
