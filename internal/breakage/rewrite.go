package breakage

import (
	"net/url"
	"regexp"
	"strconv"
)

// The building blocks the catalogue is written with: each makes the
// Rewrite or Reply of one kind of break, given the operation and the
// parameter or field it breaks.

// on limits a parameter rewrite to one operation.
func on(action string, f func(p url.Values)) func(string, url.Values) {
	name := action
	return func(action string, p url.Values) {
		if action == name {
			f(p)
		}
	}
}

// replyOn limits an answer rewrite to one operation ("" = every one).
func replyOn(action string, f func(x *Exchange)) func(*Exchange) {
	name := ""
	if action != "" {
		name = action
	}
	return func(x *Exchange) {
		if name == "" || x.Action == name {
			f(x)
		}
	}
}

// swapParam sets a parameter to to when it is from.
func swapParam(action, name, from, to string) func(string, url.Values) {
	return on(action, func(p url.Values) {
		if p.Get(name) == from {
			p.Set(name, to)
		}
	})
}

// dropParam leaves a parameter out, in any list encoding.
func dropParam(action, name string) func(string, url.Values) {
	return on(action, func(p url.Values) {
		_, style := listOf(p, name)
		setList(p, name, nil, style)
	})
}

// shiftParam adds d to an integer parameter when keep allows the result.
func shiftParam(action, name string, d int64, keep func(n int64) bool) func(string, url.Values) {
	return on(action, func(p url.Values) {
		if n, err := strconv.ParseInt(p.Get(name), 10, 64); err == nil && keep(n+d) {
			p.Set(name, strconv.FormatInt(n+d, 10))
		}
	})
}

// setBool turns a boolean field of an answer from one value to the
// other, in JSON and XML.
func setBool(action, field string, from bool) func(*Exchange) {
	j := regexp.MustCompile(`"` + field + `":` + strconv.FormatBool(from) + `\b`)
	x := regexp.MustCompile(`<` + field + `>` + strconv.FormatBool(from) + `</` + field + `>`)
	to := strconv.FormatBool(!from)
	return replyOn(action, func(e *Exchange) {
		e.Body = j.ReplaceAll(e.Body, []byte(`"`+field+`":`+to))
		e.Body = x.ReplaceAll(e.Body, []byte(`<`+field+`>`+to+`</`+field+`>`))
	})
}

// emptyList empties a list field of strings of an answer.
func emptyList(action, field string) func(*Exchange) {
	j := regexp.MustCompile(`"` + field + `":\[[^\]]*\]`)
	x := regexp.MustCompile(`<` + field + `>.*?</` + field + `>`)
	return replyOn(action, func(e *Exchange) {
		e.Body = j.ReplaceAll(e.Body, []byte(`"`+field+`":[]`))
		e.Body = x.ReplaceAll(e.Body, []byte(`<`+field+`></`+field+`>`))
	})
}

// number changes an integer field of an answer (quoted or not).
func number(action, field string, f func(n int64, body []byte) int64) func(*Exchange) {
	j := regexp.MustCompile(`("` + field + `":"?)(-?\d+)`)
	x := regexp.MustCompile(`(<` + field + `>)(-?\d+)`)
	return replyOn(action, func(e *Exchange) {
		for _, re := range []*regexp.Regexp{j, x} {
			body := e.Body
			e.Body = re.ReplaceAllFunc(e.Body, func(m []byte) []byte {
				sub := re.FindSubmatch(m)
				n, err := strconv.ParseInt(string(sub[2]), 10, 64)
				if err != nil {
					return m
				}
				return append(append([]byte(nil), sub[1]...), strconv.FormatInt(f(n, body), 10)...)
			})
		}
	})
}
