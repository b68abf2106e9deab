"""A block-level reader and writer for the hand-edited Turtle of ontology/.

The files share one style: a header (comments, then @prefix lines), then one block per
subject, blocks separated by a blank line; inside a block `    predicate object ;`, with
several objects of one predicate either on one line (`a skos:Concept, cs:Competentie`) or
one per line, indented eight spaces; an object may carry a trailing comment
(`<...>,  # think critically`). Comment lines between blocks are kept as they are.

`TurtleFile.parse(path)` splits a file into its header and chunks (blocks and verbatim
comment runs); `render_block` writes a block from its statements in that style. A block
whose statements did not change is written back byte for byte (its original text); a
changed one is rendered, keeping the original order of predicates and objects, the style
of each predicate (one line or one object per line, also for a single object) and the
comments on its objects; a new block writes a one-object predicate on its own line where
every block of the file does so (mapping/esco.ttl), else after the predicate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
_PREFIX = re.compile(r"@prefix\s+([A-Za-z][\w-]*|):\s*<([^>]*)>\s*\.")
_LOCAL = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$")
_COMMENT = re.compile(r"""^(?P<code>(?:[^"#<]|"(?:[^"\\]|\\.)*"|<[^>]*>)*?)(?P<gap>\s*)#\s?(?P<text>.*)$""")


class BlockError(ValueError):
    """A file does not follow the block layout (the message names file and line)."""


@dataclass(slots=True)  # one per resource per file: 100,000s at 20,000 concepts
class Block:
    """One subject's statements in one file.

    `triples` of a block read from a file are parsed from its text when first asked for
    (`origin`: the file and its @prefix lines): the file's index (TurtleFile.index) answers
    lookups, and only the blocks an edit touches need their statements as objects (at
    20,000 concepts, holding every block's statements doubled the memory of import-xlsx)."""

    subject: ox.NamedNode | ox.BlankNode
    _triples: list | None  # pyoxigraph Triples, in document order (None: not parsed yet)
    text: str  # the original text, without the separating blank line ('' for a new block)
    line: int  # 1-based line of the subject in the file (0 for a new block)
    comments: dict | None = None  # object term (str) -> trailing comment (None: not read yet)
    layout: dict | None = None  # predicate text -> "inline" | "first" | "lines"
    origin: tuple | None = None  # (path, prefix text) to parse the block's text from

    @property
    def triples(self) -> list:
        if self._triples is None:
            path, prefix_text = self.origin
            self._triples = _read_block(path, self.text, prefix_text, self.line).triples
        return self._triples

    @triples.setter
    def triples(self, triples: list) -> None:
        self._triples = triples

    def change(self, triples: list) -> None:
        """New statements: the block will be rendered, in the style of its original text."""
        if self.comments is None:
            self.comments, self.layout = _style(self.text) if self.text else ({}, {})
        self.triples = triples
        self.text = ""


@dataclass
class TurtleFile:
    """A Turtle file of ontology/: its header and its chunks (Block or verbatim str)."""

    path: Path
    header: str
    prefixes: list  # (prefix, namespace) in file order
    chunks: list
    # subject IRI -> predicate IRI -> objects (pyoxigraph terms), in document order, as read
    # from the file (not updated by edits)
    index: dict = field(default_factory=dict)
    runs: int = 0  # how many runs of statements about one subject the file's parse gave

    @classmethod
    def parse(cls, path: Path, data: str | None = None, read: TurtleFile | None = None) -> TurtleFile:
        """The file as header and chunks, with its index. `read`: this same text's
        index_only (its index is reused: no second native parse when its runs line up with
        the blocks)."""
        text = path.read_text(encoding="utf-8") if data is None else data
        lines = text.split("\n")
        prefixes: list = []

        def is_meta(line: str) -> bool:  # a comment or an @prefix line
            stripped = line.strip()
            if _PREFIX.match(stripped):
                match = _PREFIX.match(stripped)
                if (match.group(1), match.group(2)) not in prefixes:
                    prefixes.append((match.group(1), match.group(2)))
                return True
            return stripped.startswith("#")

        # the header: everything before the first statement
        body_start = 0
        for number, line in enumerate(lines):
            if line.strip() and not is_meta(line):
                break
            if line.strip():
                body_start = number + 1
        else:
            body_start = len(lines)
        header = "\n".join(lines[:body_start]) + ("\n" if body_start else "")
        chunks: list = []
        index = body_start
        while index < len(lines):
            # a chunk: a run of non-blank lines, preceded by the blank lines before it
            start = index
            while index < len(lines) and not lines[index].strip():
                index += 1
            if index >= len(lines):
                chunks.append("\n".join(lines[start:]))
                break
            run_start = index
            while index < len(lines) and lines[index].strip():
                index += 1
            lead = "\n".join(lines[start:run_start])
            run = lines[run_start:index]
            if start != run_start:
                chunks.append(lead + "\n")
            if all(is_meta(line) for line in run):
                chunks.append("\n".join(run) + "\n")  # comments, @prefix lines: kept verbatim
                continue
            block_text = "\n".join(run) + "\n"
            chunks.append(Block(None, None, block_text, run_start + 1))
        del lines
        blocks = [c for c in chunks if isinstance(c, Block)]
        if read is not None and read.runs == len(read.index) == len(blocks):
            # one run per subject, one block per run: the index's subjects are the blocks'
            origin = (path, "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes))
            for block, subject in zip(blocks, read.index, strict=True):
                block.subject, block.origin = ox.NamedNode(subject), origin
            index = read.index
        else:
            index = _fill_blocks(path, text, blocks, prefixes)
        return cls(path, header, prefixes, [c for c in chunks if c != ""], index)

    @classmethod
    def index_only(cls, path: Path, data: str, keep: frozenset | None = None) -> TurtleFile:
        """The file's index alone, no blocks, only the predicates in `keep` when given (for
        reading only: export-xlsx). A file that does not follow the block layout (a blank
        node) is refused as parse() refuses it."""
        index, subjects = _index_of(path, data, keep)
        if subjects is None:
            return cls.parse(path, data)  # raises with the block's line
        return cls(path, "", [], [], index, len(subjects))

    def blocks(self) -> list[Block]:
        return [c for c in self.chunks if isinstance(c, Block)]

    def text(self) -> str:
        """The file's text: the header, each chunk's original or rendered text."""
        parts = [self.header]
        for chunk in self.chunks:
            if isinstance(chunk, Block):
                parts.append(chunk.text or self.render(chunk))
            else:
                parts.append(chunk)
        return "".join(parts)

    def render(self, block: Block) -> str:
        if block.comments is None and not block.text:  # a new block: in the file's style
            if "_file_layout" not in self.__dict__:  # once per file, not per new block
                self.__dict__["_file_layout"] = self.file_layout()
            block.comments, block.layout = {}, dict(self.__dict__["_file_layout"])
        return render_block(block, self.prefixes)

    def file_layout(self) -> dict:
        """How this file writes a predicate with one object, where all its blocks agree: on
        its own line ("lines", as mapping/esco.ttl does) or after the predicate ("inline")."""
        seen: dict = {}
        for block in self.blocks():
            if not block.text:
                continue
            _, layout = _style(block.text)
            if block._triples is None and self.index:  # as read from the file: count in the index
                counts = {ox.NamedNode(p): len(objects) for p, objects in self.index[block.subject.value].items()}
            else:
                counts = {}
                for triple in block.triples:
                    counts[triple.predicate] = counts.get(triple.predicate, 0) + 1
            for predicate, count in counts.items():
                name = "a" if predicate.value == RDF_TYPE else None
                if count != 1 or name:
                    continue
                for key, style in layout.items():
                    if key.startswith("#") or style not in ("inline", "lines"):
                        continue
                    if _names(key, predicate, self.prefixes):
                        seen.setdefault(key, set()).add(style)
        return {key: "lines" for key, styles in seen.items() if styles == {"lines"}}


def _index_of(path: Path, text: str, keep: frozenset | None = None) -> tuple[dict, list | None]:
    """One native parse of a file: its index (subject IRI -> predicate IRI -> objects, in
    document order; only the predicates in `keep` when given) and its runs' subjects in
    order (None when it holds a blank node: not the block layout)."""
    try:
        triples = ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        index: dict = {}
        subjects: list | None = []
        last = None
        predicates: dict = {}  # one str object per predicate IRI
        terms: dict = {}  # one object per repeated IRI (types, schemes, sources, parents) or literal
        blank = ox.BlankNode
        for triple in triples:  # the hot loop of reading a file: kept lean
            subject = triple.subject
            if subject != last:
                if isinstance(subject, blank):
                    subjects = None
                    break
                subjects.append(subject)
                last = subject
                by_predicate = index.setdefault(subject.value, {})
            iri = triple.predicate.value
            if keep is not None and iri not in keep:
                continue
            obj = triple.object
            if isinstance(obj, blank):
                subjects = None
                break
            found = by_predicate.get(iri)
            if found is None:
                by_predicate[predicates.setdefault(iri, iri)] = [terms.setdefault(obj, obj)]
            else:
                found.append(terms.setdefault(obj, obj))
    except SyntaxError as exc:
        raise BlockError(f"{path}:{exc.lineno}: {exc.msg}") from None
    return index, subjects


def _fill_blocks(path: Path, text: str, blocks: list, prefixes: list) -> dict:
    """Give every block its subject; return the file's index (see _index_of).

    Fast path: one native parse of the whole file; its statements come in document order,
    and each block is one run of statements about one subject. The blocks keep no
    statements (parsed again from their text when asked for). When the runs and the
    blocks do not line up (two adjacent blocks about the same subject), each block is
    parsed on its own (a blank node: that parse says where)."""
    index, subjects = _index_of(path, text)
    if subjects is None or len(subjects) != len(blocks):
        prefix_text = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes)
        for block in blocks:
            read = _read_block(path, block.text, prefix_text, block.line)
            block.subject, block.triples = read.subject, read.triples
            block.comments, block.layout = read.comments, read.layout
        return index
    origin = (path, "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes))
    for block, subject in zip(blocks, subjects, strict=True):
        block.subject, block.origin = subject, origin  # statements, comments, layout: read when needed
    return index


def _read_block(path: Path, block_text: str, prefix_text: str, line: int) -> Block:
    try:
        triples = list(ox.parse((prefix_text + block_text).encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        raise BlockError(f"{path}:{line}: this block does not parse on its own ({exc.msg}); "
                         "keep one subject per block, blocks separated by a blank line") from None
    subjects = {t.subject for t in triples}
    if len(subjects) != 1 or any(isinstance(t.object, ox.BlankNode) for t in triples):
        raise BlockError(f"{path}:{line}: a block holds exactly one subject and no blank nodes")
    comments, layout = _style(block_text)
    return Block(next(iter(subjects)), triples, block_text, line, comments, layout)


def _names(text: str, predicate, prefixes) -> bool:
    return text == term_text(predicate, prefixes) or text == f"<{predicate.value}>"


def _style(block_text: str) -> tuple[dict, dict]:
    """The comments on objects and the layout of each predicate, read from a block's text."""
    comments = {}
    # layout also keeps, under keys starting with "#": the comment lines standing before a
    # predicate ("#before <predicate>") and the IRIs the block writes in full ("#iris")
    first, _, rest = block_text.partition("\n")
    layout: dict = {"#iris": set(re.findall(r"<([^>]*)>", rest)), "#subject": first}
    pending: list = []
    for raw in block_text.split("\n")[1:]:
        if raw.strip().startswith("#"):
            pending.append(raw)
            continue
        match = _COMMENT.match(raw)
        code = match.group("code") if match else raw
        stripped = code.strip()
        if raw.startswith("    ") and not raw.startswith("        ") and stripped:
            head, _, rest = stripped.partition(" ")
            rest = rest.strip()
            layout[head] = "lines" if not rest else "first" if rest.endswith(",") else "inline"
            if pending:
                layout["#before " + head] = pending
                pending = []
        if match and stripped:
            obj = stripped
            if raw.startswith("    ") and not raw.startswith("        "):
                obj = stripped.partition(" ")[2]
            obj = obj.rstrip().rstrip(",;.").rstrip()
            comments[obj] = match.group("text")
    return comments, layout


def term_text(term, prefixes) -> str:
    """A term as the files write it: prefixed name where one fits, else <IRI>; literals quoted."""
    if isinstance(term, ox.NamedNode):
        if term.value == RDF_TYPE:
            return "a"
        best = None
        for prefix, namespace in prefixes:
            if term.value.startswith(namespace):
                local = term.value[len(namespace):]
                if _LOCAL.match(local) and (best is None or len(namespace) > len(best[1])):
                    best = (prefix, namespace, local)
        if best:
            return f"{best[0]}:{best[2]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "integer" and re.fullmatch(r"[+-]?\d+", term.value):
            return term.value
        if datatype == XSD + "boolean" and term.value in ("true", "false"):
            return term.value
        quoted = '"' + _escape(term.value) + '"'
        if term.language:
            return f"{quoted}@{term.language}"
        if datatype == XSD + "string":
            return quoted
        return f"{quoted}^^{term_text(term.datatype, prefixes)}"
    raise BlockError(f"cannot write {term!r} in the block layout")


def _escape(value: str) -> str:
    out = []
    for char in value:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char == "\u00a0":
            out.append("\\u00A0")
        else:
            out.append(char)
    return "".join(out)


def render_block(block: Block, prefixes) -> str:
    """The block's text in the files' style, from its statements (see the module docstring)."""
    if block.comments is None:
        block.comments, block.layout = _style(block.text) if block.text else ({}, {})
    order: list = []
    objects: dict = {}
    for triple in block.triples:
        key = triple.predicate
        if key not in objects:
            order.append(key)
            objects[key] = []
        if triple.object not in objects[key]:
            objects[key].append(triple.object)
    # rdf:type first, as in every file
    order.sort(key=lambda p: 0 if p.value == RDF_TYPE else 1)
    full = block.layout.get("#iris", set())

    def text_of(term) -> str:
        if isinstance(term, ox.NamedNode) and term.value in full and term.value != RDF_TYPE:
            return f"<{term.value}>"  # written in full in the original block: keep it so
        return term_text(term, prefixes)

    lines = [block.layout.get("#subject") or term_text(block.subject, prefixes)]
    for number, predicate in enumerate(order):
        end = " ." if number == len(order) - 1 else " ;"
        name = text_of(predicate)
        lines += block.layout.get("#before " + name, [])
        values = [text_of(o) for o in objects[predicate]]
        style = block.layout.get(name)
        if style is None:  # not in the original block: one object inline, several one per line
            style = "inline" if name == "a" or len(values) == 1 else "lines"
        if style == "first" and len(values) == 1:
            style = "inline"
        if style == "inline":
            line = f"    {name} {', '.join(values)}{end}"
            comment = block.comments.get(values[-1]) if len(values) == 1 else None
            lines.append(line + (f"  # {comment}" if comment else ""))
            continue
        if style == "first":
            lines.append(f"    {name} {values[0]},")
            values_below = values[1:]
        else:
            lines.append(f"    {name}")
            values_below = values
        for index, value in enumerate(values_below):
            sep = end if index == len(values_below) - 1 else ","
            comment = block.comments.get(value)
            lines.append(f"        {value}{sep}" + (f"  # {comment}" if comment else ""))
    return "\n".join(lines) + "\n"
