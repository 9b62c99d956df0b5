package report

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// EncodeValues is the stored form of a report's values: one JSON object
// whose strings carry their kind in the first byte ('i' int64, 'f' float64,
// 't' text), so stored values decode exactly without the indicator
// catalogue, and int64 money never passes through float64.
func EncodeValues(m map[string]Value) string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if !v.Set {
			continue
		}
		switch {
		case v.Text != "":
			out[k] = "t" + v.Text
		case v.Float != 0:
			out[k] = "f" + strconv.FormatFloat(v.Float, 'g', -1, 64)
		default:
			out[k] = "i" + strconv.FormatInt(v.Int, 10)
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// DecodeValues reads EncodeValues' form. Matrices decode every report of
// a period (20,000 at country scale) when a server starts consolidating, so
// the common case — no escapes anywhere — is scanned by hand; anything else
// goes through encoding/json.
func DecodeValues(s string) (map[string]Value, error) {
	if out, ok := decodeSimple(s); ok {
		return out, nil
	}
	return decodeJSONValues(s)
}

// decodeJSONValues is DecodeValues through encoding/json.
func decodeJSONValues(s string) (map[string]Value, error) {
	var raw map[string]string
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, fmt.Errorf("decode values: %w", err)
	}
	out := make(map[string]Value, len(raw))
	for k, x := range raw {
		if x == "" {
			continue
		}
		var v Value
		switch x[0] {
		case 'i':
			n, err := strconv.ParseInt(x[1:], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("decode value %s: %w", k, err)
			}
			v = Value{Int: n, Set: true}
		case 'f':
			f, err := strconv.ParseFloat(x[1:], 64)
			if err != nil {
				return nil, fmt.Errorf("decode value %s: %w", k, err)
			}
			v = Value{Float: f, Set: true}
		case 't':
			v = Value{Text: x[1:], Set: true}
		default:
			return nil, fmt.Errorf("decode value %s: unknown kind %q", k, x[0])
		}
		out[k] = v
	}
	return out, nil
}

// EncodeText stores a map of texts (narrative, comments) as JSON.
func EncodeText(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// DecodeText reads EncodeText's form.
func DecodeText(s string) (map[string]string, error) {
	out := map[string]string{}
	if s == "" {
		return out, nil
	}
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("decode text: %w", err)
	}
	return out, nil
}

// decodeSimple parses {"K":"v",...} with no backslash anywhere (keys are
// indicator codes; most values are numbers). It reports false for anything
// it does not handle, and the caller falls back to encoding/json.
func decodeSimple(s string) (map[string]Value, bool) {
	if strings.IndexByte(s, '\\') >= 0 || len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, false
	}
	out := make(map[string]Value, strings.Count(s, ",")+1)
	i := 1
	first := true
	for {
		if first && i == len(s)-1 && s[i] == '}' {
			return out, true // {}
		}
		first = false
		// "key"
		if i >= len(s) || s[i] != '"' {
			return nil, false
		}
		end := strings.IndexByte(s[i+1:], '"')
		if end < 0 {
			return nil, false
		}
		key := s[i+1 : i+1+end]
		i += end + 2
		if i >= len(s) || s[i] != ':' {
			return nil, false
		}
		i++
		if i >= len(s) || s[i] != '"' {
			return nil, false
		}
		end = strings.IndexByte(s[i+1:], '"')
		if end < 0 {
			return nil, false
		}
		x := s[i+1 : i+1+end]
		i += end + 2
		if x == "" {
			delete(out, key) // like encoding/json: the last value of a key wins
		} else {
			var v Value
			switch x[0] {
			case 'i':
				n, err := strconv.ParseInt(x[1:], 10, 64)
				if err != nil {
					return nil, false
				}
				v = Value{Int: n, Set: true}
			case 'f':
				f, err := strconv.ParseFloat(x[1:], 64)
				if err != nil {
					return nil, false
				}
				v = Value{Float: f, Set: true}
			case 't':
				if !utf8.ValidString(x) {
					return nil, false
				}
				v = Value{Text: x[1:], Set: true}
			default:
				return nil, false
			}
			out[key] = v
		}
		if i < len(s) && s[i] == ',' {
			i++
			continue
		}
		if i == len(s)-1 && s[i] == '}' {
			return out, true
		}
		return nil, false
	}
}
