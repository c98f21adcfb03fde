module github.com/jmzs-sdk/jmzs-go

go 1.24
