package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/PaesslerAG/jsonpath"
)

func main() {
	docs := map[string]string{
		"invite": `{"createdAt":"2026-08-10T03:03:37Z","id":"6a79","roles":["ORG_MEMBER"],"teamIds":[],"username":"u@x"}`,
		"list":   `[{"id":"a","roles":["ORG_MEMBER"],"username":"one"},{"id":"b","roles":["ORG_READ_ONLY"],"username":"two"},{"id":"c","roles":["ORG_READ_ONLY"],"username":"three"}]`,
	}
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		line := sc.Text()
		var doc, expr string
		fmt.Sscanf(line, "%s", &doc)
		expr = line[len(doc)+1:]
		var v interface{}
		json.Unmarshal([]byte(docs[doc]), &v)
		r, err := jsonpath.Get(expr, v)
		if err != nil {
			eb, _ := json.Marshal(err.Error()); fmt.Printf("%s %s => ERR %s\n", doc, expr, eb)
			continue
		}
		b, _ := json.Marshal(r)
		fmt.Printf("%s %s => %s\n", doc, expr, b)
	}
}
