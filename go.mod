module github.com/udrul/udrul

go 1.26
