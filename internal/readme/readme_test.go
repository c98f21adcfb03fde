package readme

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"maps"
	"net"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"

	// The snippets use these packages. Importing them makes go test's
	// result cache rerun these tests when they change.
	_ "github.com/jmzs-sdk/jmzs-go/examples/consumer-testing/shipping"
	_ "github.com/jmzs-sdk/jmzs-go/express"
	_ "github.com/jmzs-sdk/jmzs-go/idcard"
)

const module = "github.com/jmzs-sdk/jmzs-go"

// The READMEs, English first: its snippets are the ones compiled and run,
// and the other's must be the same code.
var readmes = []string{"README.md", "README.zh-CN.md"}

// knownImports are the packages a snippet may use without importing them,
// by name, as a reader's editor would add them. A snippet that uses
// another package imports it.
var knownImports = map[string]string{
	"context":  "context",
	"errors":   "errors",
	"fmt":      "fmt",
	"http":     "net/http",
	"log":      "log",
	"os":       "os",
	"slog":     "log/slog",
	"testing":  "testing",
	"time":     "time",
	"url":      "net/url",
	"httpmock": "github.com/jarcoal/httpmock",
	"jmzs":     module,
	"jmzstest": module + "/jmzstest",
	"shipping": module + "/examples/consumer-testing/shipping",
	"bankcard": module + "/bankcard",
	"exchange": module + "/exchange",
	"express":  module + "/express",
	"idcard":   module + "/idcard",
	"invoice":  module + "/invoice",
	"mobile":   module + "/mobile",
	"ocr":      module + "/ocr",
	"regeo":    module + "/regeo",
	"sms":      module + "/sms",
}

// fleetModule is contrib/redisquota, a module of its own: a snippet that
// imports it (or go-redis) builds only where its modules are in the module
// cache, since the build is offline.
const fleetModule = module + "/contrib/redisquota"

// repoRoot is the repository's root directory, as an absolute path.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// A block is a fenced code block of a README.
type block struct {
	file string // the README's file name
	line int    // the line of its first line of code
	lang string // the fence's info string: go, sh, console…
	code string
}

func (b block) String() string { return fmt.Sprintf("%s:%d", b.file, b.line) }

// readREADME returns the fenced code blocks of the README name, and its
// text with them blanked out.
func readREADME(t *testing.T, name string) (blocks []block, prose string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot(t), name))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	var cur *block
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "```"):
			cur = &block{file: name, line: i + 2, lang: strings.TrimSpace(line[3:])}
		case cur != nil && line == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.code += line + "\n"
		default:
			text.WriteString(line)
		}
		text.WriteString("\n")
	}
	if cur != nil {
		t.Fatalf("%s: the code block opened here is never closed", cur)
	}
	return blocks, text.String()
}

// goBlocks returns the README's Go snippets.
func goBlocks(t *testing.T, name string) []block {
	blocks, _ := readREADME(t, name)
	return slices.DeleteFunc(blocks, func(b block) bool { return b.lang != "go" })
}

// TestOpeningCommands checks that both READMEs open with the two commands
// a new user runs first.
func TestOpeningCommands(t *testing.T) {
	const want = "go run ./examples/quickstart\ngo test ./...\n"
	for _, name := range readmes {
		blocks, _ := readREADME(t, name)
		if len(blocks) == 0 || blocks[0].lang != "sh" || blocks[0].code != want {
			t.Errorf("%s: the first code block must be ```sh with exactly\n%s", name, want)
		}
	}
}

// TestSameCodeInBothLanguages checks that the Chinese README's Go snippets
// are the English ones: the same tokens, comments aside (those are
// translated).
func TestSameCodeInBothLanguages(t *testing.T) {
	en, zh := goBlocks(t, readmes[0]), goBlocks(t, readmes[1])
	if len(en) != len(zh) {
		t.Fatalf("%s has %d Go snippets, %s has %d", readmes[0], len(en), readmes[1], len(zh))
	}
	for i := range en {
		a, b := codeTokens(t, en[i]), codeTokens(t, zh[i])
		for j := 0; j < len(a) || j < len(b); j++ {
			if j == len(a) || j == len(b) || a[j].tok != b[j].tok || a[j].lit != b[j].lit {
				t.Errorf("snippet %d differs outside comments: %s against %s", i+1, at(en[i], a, j), at(zh[i], b, j))
				break
			}
		}
	}
}

// TestSnippetsFormatted checks that the Go snippets of both READMEs are as
// gofmt formats them, so that a reader pastes formatted code.
func TestSnippetsFormatted(t *testing.T) {
	for _, name := range readmes {
		for _, b := range goBlocks(t, name) {
			const pkg = "package readme\n\n"
			formatted, err := format.Source([]byte(pkg + b.code))
			if err != nil {
				t.Errorf("%s: %v", b, err)
			} else if got := strings.TrimPrefix(string(formatted), pkg); got != b.code {
				t.Errorf("%s: the snippet is not gofmt-formatted; formatted, it reads\n%s", b, got)
			}
		}
	}
}

// A codeToken is a token of a snippet: comments are not tokens here.
type codeToken struct {
	tok  token.Token
	lit  string
	line int
}

func codeTokens(t *testing.T, b block) []codeToken {
	t.Helper()
	fset := token.NewFileSet()
	file := fset.AddFile(b.file, -1, len(b.code))
	var s scanner.Scanner
	s.Init(file, []byte(b.code), func(pos token.Position, msg string) {
		t.Errorf("%s:%d: %s", b.file, b.line+pos.Line-1, msg)
	}, 0)
	var toks []codeToken
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return toks
		}
		if lit == "" {
			lit = tok.String()
		}
		toks = append(toks, codeToken{tok, lit, fset.Position(pos).Line})
	}
}

// at describes the j-th token of b's tokens.
func at(b block, toks []codeToken, j int) string {
	if j == len(toks) {
		return fmt.Sprintf("%s (the end of the snippet)", b)
	}
	return fmt.Sprintf("%s:%d (%q)", b.file, b.line+toks[j].line-1, toks[j].lit)
}

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestRelativeLinks checks that every relative link of the READMEs names a
// file or directory of the repository, and every #anchor a heading.
func TestRelativeLinks(t *testing.T) {
	root := repoRoot(t)
	for _, name := range readmes {
		_, prose := readREADME(t, name)
		anchors := headingAnchors(prose)
		for _, m := range linkRE.FindAllStringSubmatch(prose, -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			file, anchor, _ := strings.Cut(target, "#")
			if file == "" {
				if !anchors[anchor] {
					t.Errorf("%s: link %s: no heading has that anchor", name, target)
				}
				continue
			}
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(file))); err != nil {
				t.Errorf("%s: link %s: %v", name, target, err)
			}
		}
	}
}

// headingAnchors returns the anchors GitHub gives the headings of a
// Markdown text: lower case, punctuation dropped, spaces as hyphens, and
// -1, -2… after a repeated one.
func headingAnchors(text string) map[string]bool {
	anchors := map[string]bool{}
	seen := map[string]int{}
	for _, line := range strings.Split(text, "\n") {
		heading := strings.TrimLeft(line, "#")
		if heading == line || !strings.HasPrefix(heading, " ") {
			continue
		}
		slug := strings.Map(func(r rune) rune {
			switch {
			case r == ' ':
				return '-'
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				return unicode.ToLower(r)
			}
			return -1
		}, strings.TrimSpace(heading))
		if n := seen[slug]; n > 0 {
			anchors[slug+"-"+strconv.Itoa(n)] = true
		} else {
			anchors[slug] = true
		}
		seen[slug]++
	}
	return anchors
}

// TestProductTable checks the README's product table against the kit's
// routes, which serve each product method at its default path to its own
// market's credentials: one row per method, with its market, the
// credentials of that market, and an endpoint on that market's domain at
// the method's path.
func TestProductTable(t *testing.T) {
	type market struct {
		names       []string // how each README names it
		credentials string
		domain      string
	}
	markets := map[jmzs.Market]market{
		jmzs.MarketHuawei: {[]string{"Huawei", "华为云"}, "`WithAppKey`, `WithAppCode`", ".huaweicloud.com"},
		jmzs.MarketAliyun: {[]string{"Aliyun", "阿里云"}, "`WithAliyunAppCode`, `WithAliyunAppKey`", ".alicloudapi.com"},
	}
	rowRE := regexp.MustCompile("^\\| `(\\w+)` · `(\\w+)` \\|")
	for lang, name := range readmes {
		_, prose := readREADME(t, name)
		var header []string
		rows := map[string][]string{}
		for _, line := range strings.Split(prose, "\n") {
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			switch m := rowRE.FindStringSubmatch(line); {
			case m != nil:
				rows[m[1]+"."+m[2]] = cells
			case len(rows) == 0 && strings.HasPrefix(line, "|") && strings.Contains(line, " · "):
				header = cells
			}
		}
		column := func(names ...string) int {
			for i, h := range header {
				if slices.Contains(names, h) {
					return i
				}
			}
			t.Fatalf("%s: the product table has no column %q (its header: %q)", name, names, header)
			return 0
		}
		marketCol, credCol, endpointCol := column("market", "市场"), column("credentials", "凭证"), column("endpoint", "接口地址")
		routes := jmzstest.FixtureRoutes()
		if len(rows) != len(routes) {
			t.Errorf("%s: the product table has %d rows, the kit %d product methods", name, len(rows), len(routes))
		}
		for _, r := range routes {
			row, ok := rows[r.Method]
			if !ok {
				t.Errorf("%s: the product table has no row for %s", name, r.Method)
				continue
			}
			m := markets[r.Market]
			if row[marketCol] != m.names[lang] || row[credCol] != m.credentials {
				t.Errorf("%s: %s: market %q, credentials %q; want %q, %q", name, r.Method, row[marketCol], row[credCol], m.names[lang], m.credentials)
			}
			endpoint := strings.Trim(row[endpointCol], "`")
			if !strings.HasPrefix(endpoint, "https://") || !strings.HasSuffix(endpoint, m.domain+r.Path) {
				t.Errorf("%s: %s: endpoint %s, want https://….%s%s", name, r.Method, endpoint, m.domain[1:], r.Path)
			}
		}
	}
}

// A snippet is a Go block of the README made into a file of a package.
type snippet struct {
	block
	file    *ast.File
	imports []string // the paths it imports itself
	fleet   bool     // it needs contrib/redisquota's modules
}

func parseSnippet(t *testing.T, b block) snippet {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), b.file, "package readme\n"+b.code, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%s: %v (a snippet must be whole top-level declarations: imports, funcs, types)", b, err)
	}
	s := snippet{block: b, file: f}
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		s.imports = append(s.imports, p)
		s.fleet = s.fleet || strings.HasPrefix(p, fleetModule) || strings.HasPrefix(p, "github.com/redis/")
	}
	return s
}

// source returns s as a Go file of package readme: the imports it leaves
// out (see knownImports), then its code under a //line directive, so that
// the compiler and vet name the README's lines.
func (s snippet) source(readmePath string) string {
	need := map[string]bool{}
	ast.Inspect(s.file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				if p, ok := knownImports[id.Name]; ok && !slices.Contains(s.imports, p) {
					need[id.Name] = true
				}
			}
		}
		return true
	})
	var b strings.Builder
	b.WriteString("package readme\n\nimport (\n")
	for _, name := range slices.Sorted(maps.Keys(need)) {
		p := knownImports[name]
		if path.Base(p) == name {
			fmt.Fprintf(&b, "\t%q\n", p)
		} else {
			fmt.Fprintf(&b, "\t%s %q\n", name, p)
		}
	}
	fmt.Fprintf(&b, ")\n\n//line %s:%d\n%s", readmePath, s.line, s.code)
	return b.String()
}

// funcNames returns the names of the functions f declares.
func funcNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			names = append(names, fd.Name.Name)
		}
	}
	return names
}

// TestSnippetsRun builds the English README's Go snippets into a package
// of a throwaway module that uses this repository, offline, vets it, and
// runs its tests: the snippets that are tests, and the tests of
// testdata/run_test.go, which call every other snippet function against
// the kit's gateway and check what it prints.
func TestSnippetsRun(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the snippets with:", err)
	}
	root := repoRoot(t)
	dir := t.TempDir()
	env := slices.Clip(append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local"))

	redis := redisAddr()
	fleetErr := fleetModulesCached(goCmd, root, env)
	switch {
	case fleetErr != nil && os.Getenv("JMZS_TEST_REDIS") != "":
		t.Fatalf("JMZS_TEST_REDIS is set but the modules of contrib/redisquota are not in the module cache "+
			"(run: cd contrib/redisquota && go mod download): %v", fleetErr)
	case fleetErr != nil:
		redis = ""
		t.Run("fleet", func(t *testing.T) {
			t.Skipf("the modules of contrib/redisquota are not in the module cache, so the snippets that use it "+
				"are not built (run: cd contrib/redisquota && go mod download): %v", fleetErr)
		})
	}

	gomod := fmt.Sprintf("module example.com/readme\n\ngo 1.24\n\nrequire %s v0.0.0\n\nreplace %s => %q\n", module, module, root)
	sums := []string{filepath.Join(root, "go.sum")}
	drivers := []string{"run_test.go"}
	if fleetErr == nil {
		gomod += fmt.Sprintf("\nrequire %s v0.0.0\n\nreplace %s => %q\n", fleetModule, fleetModule, filepath.Join(root, "contrib", "redisquota"))
		sums = append(sums, filepath.Join(root, "contrib", "redisquota", "go.sum"))
		drivers = append(drivers, "run_redis_test.go")
	}
	writeFile(t, filepath.Join(dir, "go.mod"), gomod)
	writeFile(t, filepath.Join(dir, "go.sum"), mergeSums(t, sums))
	writeFile(t, filepath.Join(dir, "doc.go"), "// Package readme holds the Go snippets of the READMEs.\npackage readme\n")

	// The snippets, one file each; the names of the tests they declare, and
	// of the other functions, which the drivers must call.
	var tests, funcs []string
	for i, b := range goBlocks(t, readmes[0]) {
		s := parseSnippet(t, b)
		if s.fleet && fleetErr != nil {
			continue
		}
		for _, name := range funcNames(s.file) {
			if strings.HasPrefix(name, "Test") {
				tests = append(tests, name)
			} else {
				funcs = append(funcs, name)
			}
		}
		writeFile(t, filepath.Join(dir, fmt.Sprintf("snippet%02d_test.go", i+1)), s.source(filepath.Join(root, b.file)))
	}
	called := map[string]bool{}
	for _, name := range drivers {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok {
					called[id.Name] = true
				}
			}
			return true
		})
		tests = append(tests, slices.DeleteFunc(funcNames(f), func(n string) bool { return !strings.HasPrefix(n, "Test") })...)
		writeFile(t, filepath.Join(dir, name), string(src))
	}
	for _, name := range funcs {
		if !called[name] {
			t.Errorf("the README's function %s is never run: call it in internal/readme/testdata/run_test.go and check what it does", name)
		}
	}

	goRun := func(args ...string) string {
		cmd := exec.Command(goCmd, args...)
		cmd.Dir, cmd.Env = dir, append(env, "JMZS_TEST_REDIS="+redis)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goRun("vet", ".")
	out := goRun("test", "-count=1", "-v", ".")
	for _, name := range tests {
		switch {
		case strings.Contains(out, "--- PASS: "+name+" "):
		case name == "TestRunNewFleetClient" && redis == "" && strings.Contains(out, "--- SKIP: "+name+" "):
			t.Logf("no Redis reachable: the fleet snippet is compiled, not run")
		default:
			t.Errorf("%s did not pass:\n%s", name, out)
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// mergeSums returns the lines of the go.sum files, each once.
func mergeSums(t *testing.T, files []string) string {
	t.Helper()
	var lines []string
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(strings.TrimSpace(string(data)), "\n")...)
	}
	slices.Sort(lines)
	return strings.Join(slices.Compact(lines), "\n") + "\n"
}

// fleetModulesCached reports, as an error, whether a package of
// contrib/redisquota cannot be loaded offline, from the module cache.
func fleetModulesCached(goCmd, root string, env []string) error {
	cmd := exec.Command(goCmd, "list", "-deps", ".")
	cmd.Dir, cmd.Env = filepath.Join(root, "contrib", "redisquota"), append(env, "GOFLAGS=-mod=readonly")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// redisAddr returns the Redis that the fleet snippet runs against:
// JMZS_TEST_REDIS, or else a Redis answering on the default port of
// loopback, or else "".
func redisAddr() string {
	if addr := os.Getenv("JMZS_TEST_REDIS"); addr != "" {
		return addr
	}
	const local = "127.0.0.1:6379"
	conn, err := net.DialTimeout("tcp", local, 200*time.Millisecond)
	if err != nil {
		return ""
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return ""
	}
	if reply, _ := bufio.NewReader(conn).ReadString('\n'); reply != "+PONG\r\n" {
		return ""
	}
	return local
}
