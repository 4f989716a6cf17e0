module github.com/dockerize-dev/go-hello

go 1.24.4
