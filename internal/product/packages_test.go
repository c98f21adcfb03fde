package product_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/jmzs-sdk/jmzs-go"
	"github.com/jmzs-sdk/jmzs-go/internal/product"
	"github.com/jmzs-sdk/jmzs-go/internal/producttest"
	"github.com/jmzs-sdk/jmzs-go/jmzstest"
)

// method is a product.Method as a product package declares it.
type method struct {
	product.Method
	Var string // the package-level variable that holds it
}

// productPackage is what TestProductPackages reads from a product
// package's source.
type productPackage struct {
	name    string
	doc     string
	methods map[string]*method // by variable
	setters map[string]string  // option function → the variable it passes to SetEndpoint
	calls   map[string]string  // Service method → the variable it passes to product.Call
	options map[string]bool    // Service method → it takes opts ...jmzs.CallOption last and passes them to product.Call
	funcs   map[string]bool    // package-level functions
	consts  map[string]string  // string constants
}

// TestProductPackages checks every package that builds on this one,
// from its source: each method's descriptor names the method, calls with
// that descriptor, has an endpoint option that sets it, sits on the
// market its host belongs to, and the package's doc lists it;
// products.md documents exactly these methods with their market,
// endpoint and credentials; and the kit serves exactly these methods, on
// their markets at their default paths.
func TestProductPackages(t *testing.T) {
	_, self, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(self), "..", "..")
	pkgs := productPackages(t, root)
	require.GreaterOrEqual(t, len(pkgs), 9, "the product packages are found")
	rows := productsTable(t, filepath.Join(root, "products.md"))

	routes := map[string]jmzstest.FixtureRoute{}
	for _, r := range jmzstest.FixtureRoutes() {
		routes[r.Method] = r
	}
	calls := producttest.Calls()
	documented := 0
	for _, p := range pkgs {
		require.NotEmpty(t, p.methods, p.name)
		require.True(t, p.funcs["New"] && p.funcs["WithBaseURL"] && p.funcs["WithEndpoint"], "%s has New, WithBaseURL, WithEndpoint", p.name)
		for _, m := range p.methods {
			pkg, name, _ := strings.Cut(m.Name, ".")
			require.Equal(t, p.name, pkg, "%s: Name", m.Var)
			require.Equal(t, m.Var, p.calls[name], "%s: Service.%s calls product.Call with its own descriptor", m.Name, name)
			require.True(t, p.options[name], "%s takes opts ...jmzs.CallOption last and passes them on", m.Name)
			option, ok := strings.CutPrefix(m.Option, p.name+".")
			require.True(t, ok, "%s: Option %q is in its package", m.Name, m.Option)
			require.Equal(t, m.Var, p.setters[option], "%s: %s sets this method's endpoint", m.Name, m.Option)
			u, err := url.Parse(m.Endpoint)
			require.NoError(t, err)
			host := map[jmzs.Market]string{jmzs.MarketHuawei: ".apistore.huaweicloud.com", jmzs.MarketAliyun: ".market.alicloudapi.com"}[m.Market]
			require.True(t, host != "" && strings.HasSuffix(u.Host, host), "%s: %s is on %v", m.Name, u.Host, m.Market)
			require.Contains(t, p.doc, "[Service."+name+"]", "%s: the package doc lists the method", m.Name)
			route, ok := routes[m.Name]
			require.True(t, ok, "jmzstest.FixtureRoutes serves %s", m.Name)
			require.Equal(t, m.Market, route.Market, "%s: the kit serves it on its market", m.Name)
			require.Equal(t, u.Path, route.Path, "%s: the kit serves it at its default path", m.Name)
			require.Contains(t, calls, m.Name, "producttest.Calls calls %s", m.Name)

			cells, ok := rows[m.Name]
			require.True(t, ok, "products.md has a row for %s", m.Name)
			require.Equal(t, map[jmzs.Market]string{jmzs.MarketHuawei: "Huawei", jmzs.MarketAliyun: "Aliyun"}[m.Market], cells[2], "%s: market", m.Name)
			require.Equal(t, "`"+m.Endpoint+"`", cells[3], "%s: endpoint", m.Name)
			require.Equal(t, credentials[m.Market], cells[5], "%s: credentials", m.Name)
			documented++
		}
	}
	require.Equal(t, documented, len(rows), "products.md documents no other method")
	require.Equal(t, documented, len(routes), "the kit serves no other method")
	require.Equal(t, documented, len(calls), "producttest.Calls calls no other method")
}

// credentials are the options of each market, as products.md lists them.
var credentials = map[jmzs.Market]string{
	jmzs.MarketHuawei: "`jmzs.WithAppKey`, `jmzs.WithAppCode`",
	jmzs.MarketAliyun: "`jmzs.WithAliyunAppCode`, `jmzs.WithAliyunAppKey`",
}

// productPackages parses the non-test source of every directory below
// root whose code imports this package.
func productPackages(t *testing.T, root string) []*productPackage {
	t.Helper()
	dirs, err := os.ReadDir(root)
	require.NoError(t, err)
	var pkgs []*productPackage
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == "internal" {
			continue
		}
		paths, err := filepath.Glob(filepath.Join(root, d.Name(), "*.go"))
		require.NoError(t, err)
		var files []*ast.File
		for _, path := range paths {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
			require.NoError(t, err)
			files = append(files, f)
		}
		if p := readPackage(files); p != nil {
			pkgs = append(pkgs, p)
		}
	}
	return pkgs
}

// readPackage reads a product package from its files, or returns nil if
// they are not one.
func readPackage(files []*ast.File) *productPackage {
	if len(files) == 0 {
		return nil
	}
	p := &productPackage{name: files[0].Name.Name, methods: map[string]*method{}, setters: map[string]string{},
		calls: map[string]string{}, options: map[string]bool{}, funcs: map[string]bool{}, consts: map[string]string{}}
	uses := false
	for _, f := range files {
		for _, imp := range f.Imports {
			uses = uses || imp.Path.Value == `"github.com/jmzs-sdk/jmzs-go/internal/product"`
		}
		if f.Doc != nil {
			p.doc += f.Doc.Text()
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				p.readSpecs(decl)
			case *ast.FuncDecl:
				p.readFunc(decl)
			}
		}
	}
	if !uses {
		return nil
	}
	for _, m := range p.methods {
		if c, ok := p.consts[m.Endpoint]; ok {
			m.Endpoint = c
		}
	}
	return p
}

// readSpecs records string constants and product.Method variables.
func (p *productPackage) readSpecs(decl *ast.GenDecl) {
	for _, spec := range decl.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for i, v := range vs.Values {
			if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING && decl.Tok == token.CONST {
				p.consts[vs.Names[i].Name], _ = strconv.Unquote(lit.Value)
			}
			cl, ok := v.(*ast.CompositeLit)
			if !ok || exprString(cl.Type) != "product.Method" {
				continue
			}
			m := &method{Var: vs.Names[i].Name}
			for _, elt := range cl.Elts {
				kv := elt.(*ast.KeyValueExpr)
				val := exprString(kv.Value)
				switch exprString(kv.Key) {
				case "Name":
					m.Name = val
				case "Market":
					m.Market = map[string]jmzs.Market{"jmzs.MarketHuawei": jmzs.MarketHuawei, "jmzs.MarketAliyun": jmzs.MarketAliyun}[val]
				case "Endpoint":
					m.Endpoint = val
				case "Option":
					m.Option = val
				}
			}
			p.methods[m.Var] = m
		}
	}
}

// readFunc records package-level functions, which descriptor each option
// passes to SetEndpoint, and which each Service method passes to
// product.Call.
func (p *productPackage) readFunc(fn *ast.FuncDecl) {
	if fn.Recv == nil {
		p.funcs[fn.Name.Name] = true
	}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fun := exprString(call.Fun)
		switch {
		case fn.Recv == nil && strings.HasSuffix(fun, ".SetEndpoint"):
			p.setters[fn.Name.Name] = strings.TrimPrefix(exprString(call.Args[0]), "&")
		case fn.Recv != nil && strings.HasPrefix(fun, "product.Call["):
			p.calls[fn.Name.Name] = strings.TrimPrefix(exprString(call.Args[2]), "&")
			params := fn.Type.Params.List
			last := params[len(params)-1]
			ell, ok := last.Type.(*ast.Ellipsis)
			p.options[fn.Name.Name] = ok && exprString(ell.Elt) == "jmzs.CallOption" && len(last.Names) == 1 &&
				call.Ellipsis.IsValid() && exprString(call.Args[len(call.Args)-1]) == last.Names[0].Name
		}
		return true
	})
}

// exprString renders the simple expressions a product package uses in
// its descriptors: identifiers, selectors, string literals, &x, and
// index expressions.
func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	case *ast.BasicLit:
		if s, err := strconv.Unquote(e.Value); err == nil {
			return s
		}
		return e.Value
	case *ast.UnaryExpr:
		return e.Op.String() + exprString(e.X)
	case *ast.IndexExpr:
		return exprString(e.X) + "[" + exprString(e.Index) + "]"
	}
	return ""
}

// productsTable returns the rows of the products table in products.md
// by method ("express.Query"), each as its cells.
func productsTable(t *testing.T, path string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	rows := make(map[string][]string)
	for _, line := range strings.Split(string(b), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		pkg, name, ok := strings.Cut(cells[0], " · ")
		if !ok || len(cells) < 8 || !strings.HasPrefix(pkg, "`") {
			continue
		}
		rows[strings.Trim(pkg, "`")+"."+strings.Trim(name, "`")] = cells
	}
	return rows
}
