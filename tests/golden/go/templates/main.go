package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"text/tabwriter"
	"text/template"
)

var funcMap = template.FuncMap{
	"valueOrEmptySlice": func(slice any) (result any) {
		if slice == nil {
			return result
		}
		k := reflect.TypeOf(slice).Kind()
		if (k == reflect.Slice || k == reflect.Ptr) && reflect.ValueOf(slice).IsNil() {
			return result
		}
		return slice
	},
	"formatAliases": func(aliases []string) string {
		if len(aliases) == 0 {
			return ""
		}
		return " [aliases: " + strings.Join(aliases, ", ") + "]"
	},
}

func print(t string, v any) (string, error) {
	var buf bytes.Buffer
	tmpl, err := template.New("output").Funcs(funcMap).Parse(t)
	if err != nil {
		return "", err
	}
	w := tabwriter.NewWriter(&buf, 6, 4, 3, ' ', 0)
	if err := tmpl.Execute(w, v); err != nil {
		return buf.String(), err
	}
	err = w.Flush()
	return buf.String(), err
}

func main() {
	docs := map[string]string{}
	for _, name := range []string{"invite", "list", "empty", "rich"} {
		b, _ := os.ReadFile("docs/" + name + ".json")
		docs[name] = string(b)
	}
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			continue
		}
		parts := strings.SplitN(line, "\t", 2)
		var tpl string
		json.Unmarshal([]byte(parts[1]), &tpl)
		var data any
		if parts[0] == "list" {
			var l []OrganizationInvitation
			json.Unmarshal([]byte(docs["list"]), &l)
			data = l
		} else {
			var o OrganizationInvitation
			json.Unmarshal([]byte(docs[parts[0]]), &o)
			data = &o
		}
		out, err := print(tpl, data)
		o, _ := json.Marshal(out)
		e := []byte("null")
		if err != nil {
			e, _ = json.Marshal(err.Error())
		}
		fmt.Printf("%s\t%s\t%s\t%s\n", parts[0], parts[1], o, e)
	}
}
