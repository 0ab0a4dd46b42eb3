import json
out = [
 "# Corner cases (issue 15) run through Go's text/template + tabwriter like templates.txt:",
 "# data, template, stdout, error. Text columns are JSON strings, or bytes:HEX when the text",
 "# is not UTF-8. Go 1.19.8 made them; comparison errors carry Go 1.26's wording (PATCHED:",
 "# by main.go's go126Comparison, or by hand for the two templates it cannot parse that way).",
 "# Sections start with a '# family:' line.",
]
def fam(name):
    out.append("# family: " + name)
def t(tpl, data="invite"):
    out.append(data + "\t" + json.dumps(tpl, ensure_ascii=False))

fam("literals")
for s in [
 "{{1.5i}}", "{{1+7i}}", "{{printf \"%v\" 1+7i}}", "{{printf \"%T\" 1.5i}}", "{{printf \"%T %T\" 1+0i 0i}}",
 "{{if 1.5i}}yes{{else}}no{{end}}", "{{if 0i}}yes{{else}}no{{end}}", "{{if 0+0i}}yes{{else}}no{{end}}",
 "{{with 1.5i}}{{.}}{{end}}", "{{with 0i}}{{.}}{{else}}zero{{end}}",
 "{{-1-2i}}", "{{+1e3+2.5i}}", "{{0x1p4+0x1p-2i}}", "{{1_0+2_0i}}", "{{0i}}", "{{-0i}}", "{{1e2i}}",
 "{{08i}}", "{{0b1i}}", "{{0o7i}}", "{{0x1i}}", "{{0x1p0i}}", "{{1_000i}}", "{{1__0i}}", "{{.5i}}", "{{1.i}}",
 "{{1i+2i}}", "{{1+2}}", "{{1+2j}}", "{{1+i}}", "{{1-2i3}}", "{{0x1+2i}}", "{{1+0x2p0i}}", "{{1e400+1i}}", "{{1+1e400i}}",
 "{{1e400i}}", "{{print 1i 2i}}", "{{print 1i \"a\" 2}}", "{{println 1+2i}}",
 "{{printf \"%.2f\" 1+2i}}", "{{printf \"%d\" 1i}}", "{{printf \"%s\" 1i}}", "{{printf \"%T\" (print 1i)}}",
 "{{len 1i}}", "{{index 1i 0}}", "{{slice 1i 0}}", "{{range 1i}}x{{end}}", "{{not 0i}}", "{{not 1i}}", "{{and 1i 0i}}", "{{or 0i 2i}}",
 "{{html 1i}}", "{{js 1+2i}}", "{{urlquery 1+2i}}", "{{1i | printf \"%v\"}}", "{{$x := 2i}}{{$x}}", "{{(1i)}}", "{{1i.X}}",
 "{{index \"abc\" 1+0i}}", "{{index \"abc\" 1i}}", "{{slice \"abcdef\" 1 2+0i}}", "{{printf \"%*d\" 1+0i 5}}",
 "{{+0x1.ep+2}}", "{{0x_1.e_0p+0_2}}", "{{0X1.EP+2}}", "{{0x1p-2}}", "{{-0x1p-2}}", "{{printf \"%T\" 0x1p4}}", "{{0x1P+2}}", "{{0x.8p1}}",
 "{{0x1.fffffffffffffp1023}}", "{{0x1.fffffffffffff8p1023}}", "{{0x1p1024}}", "{{0x1p-1074}}", "{{0x1p-1075}}", "{{0x1.8p-1074}}",
 "{{0x1.0000000000000801p0}}", "{{0x1.00000000000008p0}}", "{{0x1.00000000000018p0}}", "{{0x123456789abcdef0123p0}}",
 "{{0x1.8}}", "{{0x1p}}", "{{0x1p+}}", "{{1p2}}", "{{0x1_p2}}", "{{0x_1p2}}", "{{0x1p_2}}", "{{0x1p2_}}", "{{0x1e}}", "{{-0x1e}}", "{{printf \"%T\" -0x1e}}", "{{printf \"%T\" 0x1e}}",
 "{{1_000.5}}", "{{1__0}}", "{{_1}}", "{{1_}}", "{{1_.5}}", "{{1._5}}", "{{1e_5}}", "{{1e5_}}", "{{0_7}}", "{{0_x7}}",
 "{{08}}", "{{09.5}}", "{{0777}}", "{{0o17}}", "{{0O17}}", "{{0b101}}", "{{0B101}}", "{{0b102}}", "{{0o8}}", "{{0xg}}", "{{0x}}", "{{0b}}", "{{0o}}", "{{0b1.1}}", "{{0o1e2}}",
 "{{99999999999999999999}}", "{{0x8000000000000000}}", "{{0xffffffffffffffff}}", "{{0x10000000000000000}}", "{{-9223372036854775808}}", "{{-9223372036854775809}}",
 "{{9223372036854775807}}", "{{9223372036854775808}}", "{{1e19}}", "{{-1e19}}", "{{9.2233720368547758e18}}", "{{printf \"%T\" 1e3}}", "{{printf \"%T\" 1e18}}",
 "{{1.}}", "{{.5}}", "{{-.5}}", "{{+5}}", "{{-0}}", "{{-0.0}}", "{{+0.0}}", "{{1e+2}}", "{{1E-2}}", "{{1e400}}", "{{1e-400}}", "{{123456789012345678901234567890.0}}",
 "{{0.1}}", "{{1.7976931348623157e308}}", "{{4.9e-324}}", "{{2.2250738585072011e-308}}",
 "{{'a'}}", "{{'\\x41'}}", "{{'\\u263a'}}", "{{'\\U0001F600'}}", "{{printf \"%T\" 'a'}}", "{{'\\377'}}", "{{'ab'}}", "{{'\\xff'}}",
 "{{index \"abc\" 0x1}}", "{{slice \"abcdef\" 0b1 0o3}}", "{{printf \"%v %v %v\" 0x1p0 1e0 0x10}}", "{{printf \"%T %T\" 1_0 0b1}}",
 "{{1 2}}", "{{1.5 | printf \"%v\"}}", "{{print -1.5i}}",
]:
    t(s)

fam("bytes")
for s in [
 "{{\"\\xff\\xf0\"}}", "{{\"abc\\xffdef\"}}", "{{\"\\377\\000\"}}", "{{\"\\xc3\\xa9\"}}", "{{\"\\u00ff\"}}", "{{\"\\x00\"}}", "{{`\\xff`}}",
 "{{printf \"%x\" \"\\xff\\xf0\"}}", "{{printf \"%X\" \"\\xff\\xf0\"}}", "{{printf \"% x\" \"\\xff\\xf0\"}}", "{{printf \"%#x\" \"\\xff\\xf0\"}}",
 "{{printf \"% #X\" \"\\xff\\xf0\"}}", "{{printf \"%q\" \"\\xff\\xf0\"}}", "{{printf \"%+q\" \"a\\xffé\"}}", "{{printf \"%#q\" \"\\xff\"}}", "{{printf \"%#q\" \"a\\xff\"}}",
 "{{printf \"%q\" \"abc\\xffdef\"}}", "{{printf \"%s|\" \"\\xff\\xf0\"}}", "{{printf \"%v|\" \"\\xff\\xf0\"}}", "{{printf \"%6s|\" \"\\xff\\xf0\"}}", "{{printf \"%-6s|\" \"\\xff\\xf0\"}}",
 "{{printf \"%06s|\" \"\\xff\"}}", "{{printf \"%-10q|\" \"\\xff\"}}", "{{printf \"%10q|\" \"\\xff\"}}", "{{printf \"%.2s|\" \"\\xff\\xf0\\xee\"}}", "{{printf \"%.1s|\" \"é\\xff\"}}",
 "{{printf \"%.1x|\" \"\\xff\\xf0\"}}", "{{printf \"%5.1q|\" \"\\xff\\xf0\"}}", "{{printf \"%.2q|\" \"a\\xffb\"}}", "{{printf \"%8x|\" \"\\xff\"}}", "{{printf \"%-8X|\" \"\\xff\"}}", "{{printf \"% 8x|\" \"\\xff\\xfe\"}}",
 "{{printf \"%T\" \"\\xff\"}}", "{{printf \"%d\" \"\\xff\"}}", "{{printf \"%#v\" \"\\xff\"}}", "{{printf \"%c\" \"\\xff\"}}", "{{printf \"%5d|\" \"\\xff\"}}",
 "{{len \"\\xff\\xf0\"}}", "{{index \"\\xff\" 0}}", "{{slice \"\\xffab\" 1}}", "{{slice \"\\xffab\" 0 1}}", "{{slice \"日本\" 0 1}}", "{{printf \"%q\" (slice \"日本\" 0 1)}}", "{{printf \"%x\" (slice \"日本\" 1)}}",
 "{{len (slice \"日本\" 1 2)}}", "{{eq \"\\xff\" \"\\xff\"}}", "{{eq \"\\xff\" \"\\xfe\"}}", "{{eq (slice \"日本\" 0 3) \"日\"}}", "{{lt \"\\xff\" \"a\"}}", "{{lt \"a\" \"\\xff\"}}", "{{lt \"\\xef\" \"\\xef\\xbf\\xbd\"}}", "{{lt \"\\ufffd\" \"\\xff\"}}",
 "{{html \"\\xff<\"}}", "{{js \"\\xff'\"}}", "{{js \"\\xc3\"}}", "{{urlquery \"\\xff \"}}", "{{print \"\\xff\" 1}}", "{{println \"\\xff\" 1}}", "{{print \"\\xff\" \"\\xfe\"}}",
 "{{if \"\\xff\"}}yes{{end}}", "{{with \"\\xff\"}}[{{.}}]{{end}}", "{{$x := \"\\xfe\"}}{{$x}}{{$x}}", "{{\"\\xff\" | printf \"%x\"}}", "{{\"\\xff\" | printf \"%s%s\" \"\\xfe\"}}",
 "{{\"\\xff\\xfe\"}}\tX\n{{\"abc\"}}\tY\n", "{{\"\\xe6\\x97\"}}\tX\n{{\"ab\"}}\tY\n", "a\t{{\"\\xff\"}}\tb\n",
 "{{printf \"%s\" (printf \"%c\" 255)}}", "{{printf \"%x\" (printf \"%c\" 255)}}", "{{define \"\\xff\"}}in{{end}}{{template \"\\xff\"}}", "{{template \"\\xff\"}}",
 "{{\"\\xZZ\"}}", "{{\"\\x4\"}}", "{{\"\\400\"}}", "{{\"\\ud800\"}}", "{{\"\\U00110000\"}}", "{{\"\\q\"}}", "{{\"\\'\"}}", "{{'\\\"'}}",
 "{{printf \"%q\" \"\\x7f\\x80\"}}", "{{printf \"%+q\" \"\\xed\\xa0\\x80\"}}", "{{printf \"%x\" \"\"}}", "{{printf \"%5x|\" \"\"}}",
 "{{.CreatedAt.Format \"2006 \\xff\\xe6\\x97 Jan Mon\\xff.000\"}}", "{{printf \"\\xff%d\" 1}}", "{{printf \"%\\xff\" 1}}", "{{printf \"%5\\xff|\" 1}}", "{{printf \"%d\\xff%s\" 1 \"\\xfe\"}}", "{{printf \"%!\\xff\"}}",
]:
    t(s)

fam("floats")
vals = ["1.0", "1.1", "-1.5", "0.0", "-0.0", "1e21", "123456.789", "1e-7", "0x1p-1074", "1.7976931348623157e308", "100.0", "2.5", "0.5", "3.0"]
verbs = ["%x", "%X", "%b", "%.3x", "%.0x", "%#x", "%#X", "%#.3x", "%#.0X", "%+x", "% x", "%12.2x|", "%-14x|", "%015x|", "%+016.3X|",
         "%e", "%#e", "%#.0e", "%E", "%f", "%#f", "%#.0f", "%F", "%g", "%#g", "%#.3g", "%#.0g", "%G", "%#G", "%#v", "%v", "%+.3e", "% .2f", "%010.3g|", "%#10.3g|", "%-#10.1f|", "%#b", "%+b", "%08b|"]
for v in vals:
    t("{{printf \"" + " ".join(verbs) + "\" " + " ".join([v] * len(verbs)) + "}}")
for v in vals:
    for verb in ["%x", "%b", "%#g", "%#.0f", "%#e", "%#.4x"]:
        t("{{printf \"" + verb + "\" " + v + "}}")
for v in ["1+2i", "-1.5-0.25i", "0i", "1e21+1e-7i", "0x1p-1074i"]:
    t("{{printf \"%x %X %b %#g %#.0f %#e %.2x %+.1e %012.3f| %-14.1f| %v %#v %8.2g|\" " + " ".join([v] * 13) + "}}")
for s in ["{{printf \"%.1000x\" 1.5}}", "{{printf \"%.16x\" 1.5}}", "{{printf \"%.15x\" 1.0000000000000002}}", "{{printf \"%.14x\" 1.0000000000000002}}",
          "{{printf \"%.1x\" 1.96875}}", "{{printf \"%.0x\" 1.5}}", "{{printf \"%.0x\" 2.5}}", "{{printf \"%.0x\" 3.5}}", "{{printf \"%.1x\" 0x1.08p0}}", "{{printf \"%.1x\" 0x1.18p0}}", "{{printf \"%.1x\" 0x1.f8p0}}",
          "{{printf \"%#.0x\" 1.0}}", "{{printf \"%#.1x\" 1.0}}", "{{printf \"%#x\" 0x1.123456p0}}", "{{printf \"%#X\" 0x1.123456p0}}", "{{printf \"%#x\" 0x1.123456789p0}}",
          "{{printf \"%#.2g\" 0.0}}", "{{printf \"%#g\" 0.0}}", "{{printf \"%#g\" 100000.0}}", "{{printf \"%#g\" 1000000.0}}", "{{printf \"%#g\" 0.0001}}", "{{printf \"%#g\" 0.00001}}", "{{printf \"%#.4g\" 1.2e-5}}",
          "{{printf \"%#.3e\" 0.0}}", "{{printf \"%#.0e\" 5.0}}", "{{printf \"%#.0f\" 0.5}}", "{{printf \"%#.0f\" 1.5}}", "{{printf \"%.0f %.0f %.0f %.0f\" 0.5 1.5 2.5 -0.5}}",
          "{{printf \"%.1f %.2f %.3f\" 0.05 0.125 1.0005}}", "{{printf \"%.2e %.3g\" 1.125 2.675}}", "{{printf \"%.17g %.20f\" 0.1 0.1}}", "{{printf \"%5.1v|\" 3.14159}}", "{{printf \"%#5.1v|\" 3.14159}}",
          "{{printf \"%#8.3v|\" 3.0}}", "{{printf \"%.3v\" 1e21}}", "{{printf \"%#.3v\" 1e21}}", "{{printf \"%g %G\" 1e-7 1e-7}}", "{{printf \"%.0g %#.0g\" 123.0 123.0}}", "{{printf \"%.1g %#.1g\" 0.95 0.95}}",
          "{{printf \"%b\" 1}}", "{{printf \"%#b\" 5}}", "{{printf \"%x\" 255}}", "{{printf \"%#x %#X\" 255 255}}", "{{printf \"%f\" 1}}", "{{printf \"%x\" true}}", "{{printf \"%e\" \"x\"}}",
          "{{printf \"%p\" 1.5}}", "{{printf \"%t\" 1.5}}", "{{printf \"%d\" 1.5}}", "{{printf \"%s\" 1.5}}", "{{printf \"%q\" 1.5}}", "{{printf \"%c\" 1.5}}", "{{printf \"%U\" 1.5}}", "{{printf \"%o\" 1.5}}", "{{printf \"%O\" 1.5}}",
          "{{printf \"%x\" (index \"a\" 0)}}", "{{printf \"%10.3e|%-10.3E|\" 12345.678 -0.000123}}", "{{printf \"%+09.2f|% 09.2f|\" 3.14159 3.14159}}", "{{printf \"%+.2x % .2X\" 3.0 -3.0}}",
          "{{1.0}} {{1.1}} {{1e21}} {{1e20}} {{0x1p-1074}} {{-0.0}} {{1e-5}} {{123456789.0}}", "{{print 1.5 2.5 \"x\" 3.5}}",
          ]:
    t(s)

fam("fmtcorners")
for s in [
 "{{printf \"%c\" -1}}", "{{printf \"%c\" 0x110000}}", "{{printf \"%c\" 0xD800}}", "{{printf \"%c\" 4294967361}}", "{{printf \"%c\" -9223372036854775808}}", "{{printf \"%5c|%-5c|\" -1 65}}",
 "{{printf \"%U\" -1}}", "{{printf \"%#U\" -1}}", "{{printf \"%U\" 0x110000}}", "{{printf \"%#U\" 0x263a}}", "{{printf \"%.6U\" 65}}", "{{printf \"%#.6U\" 65}}", "{{printf \"%08U|\" 65}}",
 "{{printf \"%-10U|\" 65}}", "{{printf \"%#U\" 0xD800}}", "{{printf \"%#U\" 10}}", "{{printf \"%#U\" 0x10FFFF}}", "{{printf \"%#U\" 0xFEFF}}", "{{printf \"%U\" 4294967361}}", "{{printf \"%.20U\" -1}}", "{{printf \"%#20U|\" 0x1F600}}",
 "{{printf \"%q\" -1}}", "{{printf \"%+q\" -1}}", "{{printf \"%q\" 0x263a}}", "{{printf \"%+q\" 0x263a}}", "{{printf \"%#q\" 0x263a}}", "{{printf \"%#q\" 0x10FFFF}}", "{{printf \"%q\" 0x10FFFF}}", "{{printf \"%+q\" 0x10FFFF}}",
 "{{printf \"%q\" 0xD800}}", "{{printf \"%q\" 39}}", "{{printf \"%q\" 34}}", "{{printf \"%q\" 7}}", "{{printf \"%q\" 0x7f}}", "{{printf \"%q\" 0xa0}}", "{{printf \"%+q\" 0x1F600}}", "{{printf \"%6q|%-6q|\" 65 65}}", "{{printf \"%06q|\" 65}}",
 "{{printf \"%#q\" \"\\U0010ffff\"}}", "{{printf \"%#q\" \"\\ufeff\"}}", "{{printf \"%#q\" \"a\\ufeffb\"}}", "{{printf \"%#q\" \"a`b\"}}", "{{printf \"%#q\" \"a\\tb\"}}", "{{printf \"%#q\" \"a\\nb\"}}", "{{printf \"%#q\" \"\\u2028\"}}",
 "{{printf \"%#q\" \"\\x7f\"}}", "{{printf \"%#+q\" \"é\"}}", "{{printf \"%+q\" \"é\\U0001F600\\u2028\"}}", "{{printf \"%#q\" \"\"}}", "{{printf \"%#q\" \"\\u00a0\"}}", "{{printf \"%#q\" \"\\U000f0000\"}}",
 "{{printf \"%#v\" \"abc\"}}", "{{printf \"%#v\" \"a\\\"b\"}}", "{{printf \"%#v\" \"é\\n\"}}", "{{printf \"%#v\" \"a`b\"}}", "{{printf \"%#10v|\" \"ab\"}}", "{{printf \"%#-10v|\" \"ab\"}}", "{{printf \"%#.1v\" \"ab\"}}", "{{printf \"%+#v\" \"é\"}}",
 "{{printf \"%#v\" -1}}", "{{printf \"%#v\" 1.0}}", "{{printf \"%#v\" 1e6}}", "{{printf \"%#v\" 1e21}}", "{{printf \"%#v\" true}}", "{{printf \"%#v\" 1+2i}}", "{{printf \"%#v\" nil}}",
 "{{printf \"%#v\" (index \"a\" 0)}}", "{{printf \"%v\" (index \"a\" 0)}}", "{{printf \"%#x\" (index \"a\" 0)}}", "{{printf \"%#v\" .OrgName}}", "{{printf \"%#v\" 'a'}}", "{{printf \"%#5v|\" 42}}",
 "{{printf \"%.\" 3}}", "{{printf \"%5.\" 3}}", "{{printf \"%-5.\" 3}}", "{{printf \"%.5\" 3}}", "{{printf \"%5\" 3}}", "{{printf \"%.\"}}", "{{printf \"%-\" 3}}", "{{printf \"%#\" 3}}", "{{printf \"%[1]\" 3}}", "{{printf \"%[1].\" 3}}",
 "{{printf \"%5z|\" 3}}", "{{printf \"%-5z|\" 3}}", "{{printf \"%05z|\" 3}}", "{{printf \"%+z|\" 3}}", "{{printf \"%-5d|\" \"x\"}}", "{{printf \"%5d|\" true}}", "{{printf \"%.1d|\" \"xyz\"}}", "{{printf \"%#z\" \"x\"}}", "{{printf \"%x|\" nil}}", "{{printf \"%5d|\" nil}}",
 "{{printf \"%!\" 3}}", "{{printf \"%☺\" 3}}", "{{printf \"%5☺|\" 3}}", "{{printf \"% d|% d\" 5 -5}}", "{{printf \"%+d|%+d\" 5 -5}}", "{{printf \"%x %X %o %O %b\" -255 -255 -8 -8 -5}}", "{{printf \"%#o %#O %#b\" 8 8 5}}",
 "{{printf \"%08.3d|%-08d|%+08d|\" 5 5 5}}", "{{printf \"%.0d|%5.0d|\" 0 0}}", "{{printf \"%d\" 9223372036854775807}}", "{{printf \"%x\" -9223372036854775808}}", "{{printf \"%c%c%c\" 72 105 0x1F600}}",
 "{{printf \"%[2]d %[1]d\" 1 2}}", "{{printf \"%[3]d\" 1 2}}", "{{printf \"%[0]d\" 1}}", "{{printf \"%[x]d\" 1}}", "{{printf \"%[1]*d|\" 5 3}}", "{{printf \"%.*d|\" 3 5}}", "{{printf \"%*.*f|\" 8 2 3.14159}}", "{{printf \"%-*d|\" 5 3}}", "{{printf \"%*d|\" -5 3}}",
 "{{printf \"%*d\" \"x\" 3}}", "{{printf \"%.*d\" -1 3}}", "{{printf \"%d %d\" 1}}", "{{printf \"%d\" 1 2}}", "{{printf \"%[2]d\" 1 2}}", "{{printf \"%v %v\" nil 1}}", "{{printf \"%s\" nil}}", "{{printf \"%T\" nil}}",
 "{{printf \"%%|%5%|%-5%|\"}}", "{{printf \"%v\" .Roles}}", "{{printf \"%q\" .GetRoles}}", "{{printf \"%x\" .GetRoles}}", "{{printf \"%5v|\" .GetRoles}}", "{{printf \"%#v\" .GetRoles}}", "{{printf \"%#v\" .GetTeamIds}}",
 "{{printf \"%t %5t| %-6t|\" true false true}}", "{{printf \"%v %d\" true true}}", "{{printf \"%s\" true}}",
]:
    t(s)
for s in ["{{printf \"%10v|%-8s|%q|%x|%.2v|%#v\" .CreatedAt .CreatedAt .CreatedAt .CreatedAt .CreatedAt .CreatedAt}}",
          "{{printf \"%10v|\" .}}", "{{printf \"%#v\" .GetCreatedAt}}", "{{printf \"%#v\" .CreatedAt.Month}}"]:
    t(s, "empty")
for s in ["{{printf \"%#v\" .MarshalJSON}}", "{{printf \"%#v|%v|%s|%q|%x\" .CreatedAt.MarshalJSON .CreatedAt.MarshalJSON .CreatedAt.MarshalJSON .CreatedAt.MarshalJSON .CreatedAt.MarshalJSON}}",
          "{{printf \"%.3T|%8T|%-8T|\" nil nil nil}}", "{{printf \"%#v\" .CreatedAt}}", "{{printf \"%#v\" .GetCreatedAt}}", "{{printf \"%+v\" .GetLinks}}"]:
    t(s)
t("{{printf \"%#v|%#v\" .CreatedAt .ExpiresAt}}", "rich")

fam("compare")
kinds = [("int", ["1", "2"]), ("float", ["1.5", "2.5"]), ("complex", ["1i", "2i"]), ("string", ["\"a\"", "\"b\""]), ("bool", ["false", "true"]), ("nil", ["nil"])]
for f in ["eq", "ne", "lt", "le", "gt", "ge"]:
    for ka, va in kinds:
        for kb, vb in kinds:
            if ka == kb:
                pairs = [(va[0], va[0])] if len(va) == 1 else [(va[0], va[0]), (va[0], va[1]), (va[1], va[0])]
            else:
                pairs = [(va[0], vb[0])]
            for a, b in pairs:
                t("{{" + f + " " + a + " " + b + "}}")
for s in [
 "{{eq 1 2 1}}", "{{eq 1 2 3}}", "{{eq 1 \"a\"}}", "{{eq 1 2 \"a\"}}", "{{eq 1 1 \"a\"}}", "{{eq 1}}", "{{ne 1}}", "{{ne 1 2 3}}", "{{lt 1 2 3}}", "{{lt 1}}", "{{eq}}",
 "{{eq 1i 1i 2i}}", "{{eq 1i 1+0i}}", "{{eq 1+0i 1}}", "{{eq 0i 0.0}}", "{{eq 1.0 1}}", "{{eq 'a' 97}}", "{{lt 'a' 'b'}}", "{{eq 0x10 16}}", "{{eq 1e2 100.0}}", "{{eq -0.0 0.0}}",
 "{{eq (index \"a\" 0) 97}}", "{{eq 97 (index \"a\" 0)}}", "{{eq -1 (index \"\\xff\" 0)}}", "{{lt (index \"a\" 0) 98}}", "{{lt -1 (index \"a\" 0)}}", "{{lt (index \"a\" 0) -1}}", "{{gt (index \"b\" 0) (index \"a\" 0)}}",
 "{{eq (index \"a\" 0) 1.5}}", "{{lt (index \"a\" 0) \"a\"}}", "{{eq (index \"a\" 0) nil}}",
 "{{eq nil nil nil}}", "{{eq nil 1 nil}}", "{{eq .Links nil}}", "{{eq nil .Links}}", "{{lt nil nil}}", "{{eq .OrgName \"Atlas CLI E2E\" 1}}", "{{eq .OrgName 1}}", "{{lt .OrgName \"B\"}}", "{{eq .Id \"x\"}}", "{{eq .Roles .Roles}}",
 "{{eq .CreatedAt .CreatedAt}}", "{{lt .CreatedAt .CreatedAt}}", "{{eq . .}}", "{{eq .GetCreatedAt .GetCreatedAt}}", "{{eq .GetRoles .GetRoles}}", "{{eq .GetRoles nil}}", "{{le 1 1}} {{ge 1 1}} {{gt 1 1}}",
 "{{le 1i 1i}}", "{{ge \"b\" \"a\"}}", "{{gt 2.5 1.5}}", "{{eq true true false}}", "{{ne true false}}", "{{ne nil nil}}", "{{ne nil 1}}", "{{ne 1 nil}}",
 "{{if eq 1 1.5}}a{{end}}", "{{eq 1 2 | not}}", "{{eq (eq 1 1) true}}", "{{lt 9223372036854775807 -9223372036854775808}}", "{{lt 1e300 1e301}}", "{{lt \"\" \"a\"}}", "{{lt \"é\" \"z\"}}",
]:
    t(s)
print("\n".join(out))
