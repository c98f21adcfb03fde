// Package readme checks the READMEs (README.md and README.zh-CN.md): their
// Go snippets compile, run against the kit's fake gateway and say the same
// in both languages; their opening commands, relative links and product
// table are right. It has no code of its own, only tests.
package readme
