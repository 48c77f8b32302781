module render-injector.test/injector

go 1.19
