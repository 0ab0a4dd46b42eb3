package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"text/tabwriter"
	"text/template"
	"text/template/parse"
	"unicode/utf8"
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
		// Comment lines (family headers) are copied through.
		if strings.HasPrefix(line, "#") {
			fmt.Println(line)
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
		e := "null"
		patched := ""
		if err != nil {
			msg := err.Error()
			if m, ok := go126Comparison(tpl, msg, data); ok {
				msg, patched = m, "\tPATCHED"
			}
			e = encode(msg)
		}
		fmt.Printf("%s\t%s\t%s\t%s%s\n", parts[0], parts[1], encode(out), e, patched)
	}
}

// encode writes text as a JSON string, or as "bytes:" and hex when it is not UTF-8
// (JSON would replace such bytes with U+FFFD).
func encode(s string) string {
	if utf8.ValidString(s) {
		b, _ := json.Marshal(s)
		return string(b)
	}
	return "bytes:" + hex.EncodeToString([]byte(s))
}

// go126Comparison gives Go 1.26's text for a comparison error of a template that is a
// single `{{f A B}}`: since golang/go#71421 (Go 1.25) "incompatible types for
// comparison" names both operand types. The types are those Go itself gives the two
// operands (`printf "%T"` takes them the same way eq/lt do: as interface values).
func go126Comparison(tpl, msg string, data any) (string, bool) {
	if !strings.HasSuffix(msg, ": incompatible types for comparison") {
		return "", false
	}
	// The parser only needs to know the names exist.
	builtins := template.FuncMap{}
	for _, name := range strings.Fields("and call html index slice js len not or print printf println urlquery eq ge gt le lt ne") {
		builtins[name] = fmt.Sprint
	}
	trees, err := parse.Parse("output", tpl, "", "", funcMap, builtins)
	if err != nil {
		return "", false
	}
	root := trees["output"].Root.Nodes
	if len(root) != 1 {
		return "", false
	}
	action, ok := root[0].(*parse.ActionNode)
	if !ok || len(action.Pipe.Cmds) != 1 || len(action.Pipe.Cmds[0].Args) != 3 {
		return "", false
	}
	args := action.Pipe.Cmds[0].Args
	var types []string
	for _, a := range args[1:] {
		operand := a.String()
		if _, ok := a.(*parse.PipeNode); ok {
			operand = "(" + operand + ")"
		}
		t, err := print("{{printf \"%T\" "+operand+"}}", data)
		if err != nil {
			return "", false
		}
		types = append(types, t)
	}
	return msg + ": " + types[0] + " and " + types[1], true
}
