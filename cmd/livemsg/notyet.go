package main

import "context"

// Commands of later issues answer "not yet built" until they exist.

func notYet(name string) func(context.Context, env, []string) int {
	return func(_ context.Context, e env, _ []string) int {
		return fail(e, exitUsage, "%s: not yet built", name)
	}
}

var runAll = notYet("run")
