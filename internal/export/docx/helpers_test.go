package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// node is a parsed XML element, by local name.
type node struct {
	name  string
	attrs map[string]string
	kids  []*node
	text  string
}

func (n *node) String() string { return "<" + n.name + " " + n.attr("w") + ">" }

func (n *node) attr(local string) string {
	if n == nil {
		return ""
	}
	return n.attrs[local]
}

// find returns the first child named name, or nil.
func (n *node) find(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// all returns the children named name.
func (n *node) all(name string) []*node {
	var out []*node
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// descendants returns every element below n named name, in document order.
func (n *node) descendants(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, k := range m.kids {
			if k.name == name {
				out = append(out, k)
			}
			walk(k)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

func parseTree(t testing.TB, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			n := &node{name: e.Name.Local, attrs: map[string]string{}}
			for _, a := range e.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(e)
		}
	}
	return root.find("document")
}

// findRun returns the first w:r whose text is exactly s.
func findRun(root *node, s string) *node {
	for _, r := range root.descendants("r") {
		var b strings.Builder
		for _, t := range r.all("t") {
			b.WriteString(t.text)
		}
		if b.String() == s {
			return r
		}
	}
	return nil
}

// hasProp reports whether run r has rPr child prop, given as "b" or as
// "u=single" (with its w:val).
func hasProp(r *node, prop string) bool {
	name, val, withVal := strings.Cut(prop, "=")
	p := r.find("rPr").find(name)
	if p == nil {
		return false
	}
	if withVal {
		return p.attr("val") == val
	}
	v := p.attr("val")
	return v == "" || v == "1" || v == "true" || v == "on"
}

type testZip struct {
	zw  *zip.Writer
	err error
}

func newZip(w io.Writer) *testZip { return &testZip{zw: zip.NewWriter(w)} }

func (z *testZip) add(name, content string) {
	if z.err != nil {
		return
	}
	f, err := z.zw.Create(name)
	if err != nil {
		z.err = err
		return
	}
	_, z.err = f.Write([]byte(content))
}

func (z *testZip) close(t testing.TB) {
	t.Helper()
	if z.err == nil {
		z.err = z.zw.Close()
	}
	if z.err != nil {
		t.Fatal(z.err)
	}
}
