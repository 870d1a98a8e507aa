//! A position-keeping view of a YAML document, from yaml-rust2 events.
//!
//! serde gives values but no positions; this tree gives every key and
//! value a byte range so validation can point at the offending text.
//! Aliases stay unexpanded here, so a "billion laughs" file costs nothing.

use std::ops::Range;
use std::sync::Arc;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diag::{Diagnostic, SourceFile};

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// Where the value starts (and, for scalars, ends); a mapping is
    /// located at its first key.
    pub span: Range<usize>,
    /// Where the value's own text begins (a flow mapping's `{`).
    pub start: usize,
}

#[derive(Debug, Clone)]
pub enum NodeKind {
    Map(Vec<Entry>),
    Seq(Vec<Node>),
    Scalar(String),
    Alias,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub key_span: Range<usize>,
    pub value: Node,
}

impl Node {
    /// The value under `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|e| e.key == key),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }
}

/// Parses YAML text into a positioned tree. A syntax error is located.
pub fn parse(file: &Arc<SourceFile>) -> Result<Node, Diagnostic> {
    let mut builder = Builder {
        file,
        lines: std::iter::once(0)
            .chain(file.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        stack: Vec::new(),
        root: None,
    };
    let mut parser = Parser::new_from_str(&file.text);
    if let Err(e) = parser.load(&mut builder, false) {
        let m = e.marker();
        let at = file.offset(m.line(), m.col() + 1);
        let msg = e.to_string();
        // yaml-rust2 appends its own position; ours is shown by the renderer.
        let msg = msg.split(" at byte ").next().unwrap_or(&msg).to_owned();
        return Err(Diagnostic::error(format!("YAML syntax error: {msg}"))
            .at(file, at..at + 1)
            .hint("check indentation and that every `key: value` pair is on its own line"));
    }
    Ok(builder.root.unwrap_or(Node {
        kind: NodeKind::Map(Vec::new()),
        span: 0..0,
        start: 0,
    }))
}

enum Open {
    Map(Vec<Entry>, Option<(String, Range<usize>)>, usize),
    Seq(Vec<Node>, usize),
}

struct Builder<'f> {
    file: &'f Arc<SourceFile>,
    /// Byte offset of each line start: events are located without
    /// rescanning the text from the top (which was quadratic).
    lines: Vec<usize>,
    stack: Vec<Open>,
    root: Option<Node>,
}

impl Builder<'_> {
    /// Byte offset of a marker (1-based line, 0-based column in chars);
    /// the same as `SourceFile::offset(line, col + 1)`.
    fn offset(&self, mark: Marker) -> usize {
        let text = &self.file.text;
        let Some(&start) = self.lines.get(mark.line().saturating_sub(1)) else {
            return text.len();
        };
        let rest = text.get(start..).unwrap_or("");
        start
            + rest
                .char_indices()
                .nth(mark.col())
                .map_or(rest.len(), |(i, _)| i)
    }

    /// The byte range a scalar occupies, as best seen from its start.
    fn scalar_span(&self, start: usize, value: &str, style: TScalarStyle) -> Range<usize> {
        let line_end = self
            .file
            .text
            .get(start..)
            .and_then(|s| s.find('\n'))
            .map_or(self.file.text.len(), |i| start + i);
        let len = match style {
            TScalarStyle::Plain => value.len(),
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => value.len() + 2,
            _ => line_end - start,
        };
        start..(start + len.max(1)).min(line_end.max(start + 1))
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(Open::Map(entries, pending, _)) => match pending.take() {
                None => {
                    let key = match &node.kind {
                        NodeKind::Scalar(s) => s.clone(),
                        _ => String::from("<complex key>"),
                    };
                    *pending = Some((key, node.span));
                }
                Some((key, key_span)) => entries.push(Entry {
                    key,
                    key_span,
                    value: node,
                }),
            },
            Some(Open::Seq(items, _)) => items.push(node),
            None => self.root = Some(node),
        }
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = self.offset(mark);
        match ev {
            Event::Scalar(value, style, _, _) => {
                let span = self.scalar_span(at, &value, style);
                self.push(Node {
                    kind: NodeKind::Scalar(value),
                    start: span.start,
                    span,
                });
            }
            Event::Alias(_) => self.push(Node {
                kind: NodeKind::Alias,
                span: at..at + 1,
                start: at,
            }),
            Event::MappingStart(..) => self.stack.push(Open::Map(Vec::new(), None, at)),
            Event::SequenceStart(..) => self.stack.push(Open::Seq(Vec::new(), at)),
            Event::MappingEnd => {
                if let Some(Open::Map(entries, _, start)) = self.stack.pop() {
                    // A mapping is located at its first key: that is where
                    // "missing key" errors read best.
                    let span = entries
                        .first()
                        .map_or(start..start + 1, |e| e.key_span.clone());
                    self.push(Node {
                        kind: NodeKind::Map(entries),
                        span,
                        start,
                    });
                }
            }
            Event::SequenceEnd => {
                if let Some(Open::Seq(items, start)) = self.stack.pop() {
                    self.push(Node {
                        kind: NodeKind::Seq(items),
                        span: start..start + 1,
                        start,
                    });
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_point_at_values() {
        let f = SourceFile::new(
            "i.yaml",
            "a: 1\nlead:\n  title: Hé llo\n  list: [x, \"y\"]\n",
        );
        let root = parse(&f).expect("valid yaml");
        let title = root
            .get("lead")
            .and_then(|l| l.get("title"))
            .expect("title");
        assert_eq!(&f.text[title.span.clone()], "Hé llo");
        let y = &root
            .get("lead")
            .and_then(|l| l.get("list"))
            .expect("list")
            .items()[1];
        assert_eq!(&f.text[y.span.clone()], "\"y\"");
        let entry = root
            .get("lead")
            .and_then(|l| l.entry("list"))
            .expect("entry");
        assert_eq!(&f.text[entry.key_span.clone()], "list");
    }

    #[test]
    fn syntax_error_is_located() {
        let f = SourceFile::new("i.yaml", "a: [1\nb: 2\n");
        let err = parse(&f).expect_err("invalid yaml");
        assert_eq!(err.position().as_deref(), Some("i.yaml:2:2"));
    }
}
