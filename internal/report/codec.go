package report

import (
	"encoding/json"
	"fmt"
	"strconv"
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

// DecodeValues reads EncodeValues' form.
func DecodeValues(s string) (map[string]Value, error) {
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
