package program

import "strings"

// String prints the program in arc-dsl's solver syntax, four-space indent,
// arguments separated by ", ", ending with a newline.
func (p *Program) String() string {
	var b strings.Builder
	p.write(&b)
	return b.String()
}

func (p *Program) write(b *strings.Builder) {
	b.WriteString("def ")
	b.WriteString(p.Name)
	b.WriteString("(I):\n")
	for _, l := range p.Lines {
		b.WriteString("    ")
		b.WriteString(l.String())
		b.WriteByte('\n')
	}
	b.WriteString("    return ")
	b.WriteString(p.Result)
	b.WriteByte('\n')
}

// String prints one assignment.
func (l Line) String() string {
	return l.Var + " = " + l.Fn + "(" + strings.Join(l.Args, ", ") + ")"
}

// String prints the file: its header, then its functions separated by two
// blank lines, as solvers.py is laid out. A file so laid out prints back
// byte for byte.
func (f *File) String() string {
	var b strings.Builder
	b.WriteString(f.Header)
	for i, p := range f.Programs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		p.write(&b)
	}
	return b.String()
}
