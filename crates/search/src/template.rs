//! The part of Go's `text/template` that docker/cli's `--format` templates use.
//!
//! Supported, with Go's semantics and error texts: text, actions `{{ … }}` with trim markers
//! (`{{- … -}}`) and comments, fields and field chains (`.Name`, `.Name.Foo`), `.`, string
//! (`"…"`, `` `…` ``), decimal integer, boolean and `nil` literals, pipes (`.Name | upper`),
//! parenthesised pipelines, and docker/cli's functions `json`, `split`, `join`, `title`,
//! `lower`, `upper`, `pad` and `truncate` (templates/templates.go). Everything else Go has
//! (`if`, `range`, `with`, variables, `printf` and the other builtins, …) is refused with a
//! text saying berth does not support it.

use berth_units::go_quote;

/// What a template is executed on: one of docker/cli's formatter contexts.
pub(crate) trait TemplateData {
    /// The Go type name errors show (`*registry.searchContext`).
    fn type_name(&self) -> &'static str;
    /// Whether the data is a Go map (fields are keys; a missing key prints `<no value>`),
    /// rather than a pointer to a struct whose methods are the fields.
    fn is_map(&self) -> bool;
    /// The value of a field (a method returning a string, or a map entry).
    fn field(&self, name: &str) -> Option<String>;
    /// The data as the `json` function encodes it.
    fn to_json(&self) -> String;
    /// The data as Go's `fmt` prints it for `{{.}}`.
    fn to_text(&self) -> String;
}

/// Which functions a template runs with: docker/cli's basic set, or the header set that
/// leaves column names intact (`templates.HeaderFunctions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Functions {
    Basic,
    Header,
}

/// The functions docker/cli defines (templates/templates.go `basicFunctions`).
const DOCKER_FUNCTIONS: [&str; 8] = [
    "json", "split", "join", "title", "lower", "upper", "pad", "truncate",
];

/// Go's builtin functions: defined, so not "not defined", but not supported by berth.
const GO_BUILTINS: [&str; 19] = [
    "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf",
    "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
];

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    text: String,
    nodes: Vec<Node>,
}

impl Template {
    /// Parses `text`; the error is Go's (`template: :1: function "nope" not defined`) or
    /// berth's for what it does not support.
    pub(crate) fn parse(text: &str) -> Result<Template, String> {
        let tokens = lex(text);
        let mut parser = Parser {
            text,
            tokens,
            i: 0,
            action_line: 0,
        };
        let nodes = parser.parse()?;
        Ok(Template {
            text: text.to_owned(),
            nodes,
        })
    }

    /// Executes the template on `data`, appending to `out`. On an error, what was written
    /// before it stays in `out` (as with Go's writer).
    pub(crate) fn execute(
        &self,
        data: &dyn TemplateData,
        functions: Functions,
        out: &mut String,
    ) -> Result<(), String> {
        let exec = Exec {
            text: &self.text,
            data,
            functions,
        };
        for node in &self.nodes {
            match node {
                Node::Text(text) => out.push_str(text),
                Node::Action(pipe) => {
                    let value = exec.pipeline(pipe)?;
                    out.push_str(&exec.print(&value));
                }
            }
        }
        Ok(())
    }
}

/// 1-based line of byte offset `pos`.
fn line_of(text: &str, pos: usize) -> usize {
    1 + text[..pos.min(text.len())].matches('\n').count()
}

// ----------------------------------------------------------------------------
// Lexing

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Text(String),
    LeftDelim,
    RightDelim,
    Space,
    Pipe,
    LeftParen,
    RightParen,
    Field,
    Dot,
    Identifier,
    Bool,
    Nil,
    Number,
    String,
    RawString,
    Keyword,
    Variable,
    CharConstant,
    Char,
    Assign,
    Declare,
    Eof,
    Error(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    kind: Kind,
    pos: usize,
    /// The source text of the token.
    val: String,
}

impl Token {
    /// Go's `item.String()`, used in "unexpected … in …".
    fn describe(&self) -> String {
        match &self.kind {
            Kind::Eof => "EOF".to_owned(),
            Kind::Error(message) => message.clone(),
            // Go lists `.` and `nil` among its keywords, which print in angle brackets.
            Kind::Keyword | Kind::Dot | Kind::Nil => format!("<{}>", self.val),
            _ if self.val.len() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                format!("{}...", go_quote(&head))
            }
            _ => go_quote(&self.val),
        }
    }
}

const KEYWORDS: [&str; 10] = [
    "block", "break", "continue", "define", "else", "end", "if", "range", "template", "with",
];

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

/// `U+0022 '"'`, Go's `%#U`.
fn go_unicode(c: char) -> String {
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    tokens: Vec<Token>,
    paren_depth: i32,
}

/// Lexes the whole template; the last token is `Eof` or an `Error`.
fn lex(input: &str) -> Vec<Token> {
    let mut l = Lexer {
        input,
        pos: 0,
        start: 0,
        tokens: Vec::new(),
        paren_depth: 0,
    };
    l.run();
    l.tokens
}

impl Lexer<'_> {
    fn rest(&self) -> &str {
        &self.input[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn emit(&mut self, kind: Kind) {
        self.tokens.push(Token {
            kind,
            pos: self.start,
            val: self.input[self.start..self.pos].to_owned(),
        });
        self.start = self.pos;
    }

    fn error(&mut self, message: String) {
        self.tokens.push(Token {
            kind: Kind::Error(message),
            pos: self.start,
            val: String::new(),
        });
    }

    fn has_left_trim(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next() == Some('-') && chars.next().is_some_and(is_space)
    }

    fn has_right_trim(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next().is_some_and(is_space) && chars.next() == Some('-')
    }

    /// At `}}`, or ` -}}`: (at a delimiter, with a trim marker).
    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if Self::has_right_trim(rest) && rest[2..].starts_with("}}") {
            return (true, true);
        }
        (rest.starts_with("}}"), false)
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with("}}"),
        }
    }

    fn run(&mut self) {
        loop {
            // Text up to the next action.
            let Some(x) = self.rest().find("{{") else {
                self.pos = self.input.len();
                if self.pos > self.start {
                    let text = self.input[self.start..self.pos].to_owned();
                    self.emit(Kind::Text(text));
                }
                self.emit(Kind::Eof);
                return;
            };
            self.pos += x;
            let mut end = self.pos;
            if Self::has_left_trim(&self.input[self.pos + 2..]) {
                end = self.input[self.start..self.pos]
                    .trim_end_matches(is_space)
                    .len()
                    + self.start;
            }
            if end > self.start {
                let text = self.input[self.start..end].to_owned();
                let pos = self.pos;
                self.pos = end;
                self.emit(Kind::Text(text));
                self.pos = pos;
            }
            self.start = self.pos;
            if !self.left_delim() {
                return;
            }
        }
    }

    /// At `{{`: lexes one action or comment; `false` after an error.
    fn left_delim(&mut self) -> bool {
        self.pos += 2;
        let trim = Self::has_left_trim(self.rest());
        let after = if trim { 2 } else { 0 };
        if self.input[self.pos + after..].starts_with("/*") {
            self.pos += after + 2;
            self.start = self.pos;
            let Some(i) = self.rest().find("*/") else {
                self.error("unclosed comment".to_owned());
                return false;
            };
            self.pos += i + 2;
            let (delim, trim_space) = self.at_right_delim();
            if !delim {
                self.error("comment ends before closing delimiter".to_owned());
                return false;
            }
            self.pos += if trim_space { 4 } else { 2 };
            if trim_space {
                self.pos = self.input.len() - self.rest().trim_start_matches(is_space).len();
            }
            self.start = self.pos;
            return true;
        }
        self.emit(Kind::LeftDelim);
        self.pos += after;
        self.start = self.pos;
        self.paren_depth = 0;
        self.inside_action()
    }

    fn inside_action(&mut self) -> bool {
        loop {
            let (delim, trim) = self.at_right_delim();
            if delim {
                if self.paren_depth != 0 {
                    self.error("unclosed left paren".to_owned());
                    return false;
                }
                if trim {
                    self.pos += 2;
                    self.start = self.pos;
                }
                self.pos += 2;
                self.emit(Kind::RightDelim);
                if trim {
                    self.pos = self.input.len() - self.rest().trim_start_matches(is_space).len();
                    self.start = self.pos;
                }
                return true;
            }
            let Some(c) = self.next() else {
                self.error("unclosed action".to_owned());
                return false;
            };
            let ok = match c {
                c if is_space(c) => {
                    self.pos -= c.len_utf8();
                    self.space()
                }
                '=' => {
                    self.emit(Kind::Assign);
                    true
                }
                ':' => {
                    if self.next() != Some('=') {
                        self.error("expected :=".to_owned());
                        return false;
                    }
                    self.emit(Kind::Declare);
                    true
                }
                '|' => {
                    self.emit(Kind::Pipe);
                    true
                }
                '"' => self.quote(),
                '`' => self.raw_quote(),
                '$' => self.field_or_variable(Kind::Variable),
                '\'' => self.char_constant(),
                '.' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => {
                    self.field_or_variable(Kind::Field)
                }
                '.' | '+' | '-' | '0'..='9' => {
                    self.pos -= 1;
                    self.number()
                }
                c if is_alphanumeric(c) => self.identifier(),
                '(' => {
                    self.emit(Kind::LeftParen);
                    self.paren_depth += 1;
                    true
                }
                ')' => {
                    self.emit(Kind::RightParen);
                    self.paren_depth -= 1;
                    if self.paren_depth < 0 {
                        self.error(format!("unexpected right paren {}", go_unicode(c)));
                        return false;
                    }
                    true
                }
                c if c.is_ascii() && !c.is_ascii_control() => {
                    self.emit(Kind::Char);
                    true
                }
                c => {
                    self.error(format!(
                        "unrecognized character in action: {}",
                        go_unicode(c)
                    ));
                    false
                }
            };
            if !ok {
                return false;
            }
        }
    }

    fn space(&mut self) -> bool {
        let mut spaces = 0;
        while self.peek().is_some_and(is_space) {
            self.next();
            spaces += 1;
        }
        // Leave the space of a trim-marked ` -}}` to the delimiter.
        let last = self.pos - 1;
        if Self::has_right_trim(&self.input[last..]) && self.input[last + 2..].starts_with("}}") {
            self.pos = last;
            if spaces == 1 {
                return true;
            }
        }
        self.emit(Kind::Space);
        true
    }

    fn field_or_variable(&mut self, kind: Kind) -> bool {
        if self.at_terminator() {
            self.emit(if kind == Kind::Variable {
                Kind::Variable
            } else {
                Kind::Dot
            });
            return true;
        }
        while self.peek().is_some_and(is_alphanumeric) {
            self.next();
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\0');
            self.error(format!("bad character {}", go_unicode(c)));
            return false;
        }
        self.emit(kind);
        true
    }

    fn identifier(&mut self) -> bool {
        while self.peek().is_some_and(is_alphanumeric) {
            self.next();
        }
        if !self.at_terminator() {
            let c = self.peek().unwrap_or('\0');
            self.error(format!("bad character {}", go_unicode(c)));
            return false;
        }
        let word = &self.input[self.start..self.pos];
        let kind = match word {
            "true" | "false" => Kind::Bool,
            "nil" => Kind::Nil,
            w if KEYWORDS.contains(&w) => Kind::Keyword,
            _ => Kind::Identifier,
        };
        self.emit(kind);
        true
    }

    fn accept(&mut self, valid: &str) -> bool {
        if self.peek().is_some_and(|c| valid.contains(c)) {
            self.next();
            return true;
        }
        false
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    /// Go's `scanNumber`: sign, base prefix, digits, fraction, exponent, imaginary `i`.
    fn number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alphanumeric) {
            self.next();
            let text = self.input[self.start..self.pos].to_owned();
            self.error(format!("bad number syntax: {}", go_quote(&text)));
            return false;
        }
        self.emit(Kind::Number);
        true
    }

    fn quote(&mut self) -> bool {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    Some('\n') | None => {
                        self.error("unterminated quoted string".to_owned());
                        return false;
                    }
                    Some(_) => {}
                },
                Some('\n') | None => {
                    self.error("unterminated quoted string".to_owned());
                    return false;
                }
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::String);
        true
    }

    fn raw_quote(&mut self) -> bool {
        match self.rest().find('`') {
            Some(i) => {
                self.pos += i + 1;
                self.emit(Kind::RawString);
                true
            }
            None => {
                self.error("unterminated raw quoted string".to_owned());
                false
            }
        }
    }

    fn char_constant(&mut self) -> bool {
        loop {
            match self.next() {
                Some('\\') => {
                    if matches!(self.next(), None | Some('\n')) {
                        self.error("unterminated character constant".to_owned());
                        return false;
                    }
                }
                None | Some('\n') => {
                    self.error("unterminated character constant".to_owned());
                    return false;
                }
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::CharConstant);
        true
    }
}

// ----------------------------------------------------------------------------
// Parsing

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    Text(String),
    Action(Pipe),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pipe {
    pos: usize,
    commands: Vec<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Command {
    pos: usize,
    args: Vec<Arg>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Arg {
    Field {
        pos: usize,
        path: Vec<String>,
    },
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Int {
        pos: usize,
        value: i64,
        text: String,
    },
    Str {
        pos: usize,
        value: String,
        quoted: String,
    },
    Identifier(usize, String),
    Pipe(Box<Pipe>),
}

impl Arg {
    fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Dot(pos)
            | Arg::Nil(pos)
            | Arg::Bool(pos, _)
            | Arg::Int { pos, .. }
            | Arg::Str { pos, .. }
            | Arg::Identifier(pos, _) => *pos,
            Arg::Pipe(pipe) => pipe.pos,
        }
    }

    /// Go's `Node.String()`.
    fn describe(&self) -> String {
        match self {
            Arg::Field { path, .. } => path.iter().map(|p| format!(".{p}")).collect(),
            Arg::Dot(_) => ".".to_owned(),
            Arg::Nil(_) => "nil".to_owned(),
            Arg::Bool(_, b) => b.to_string(),
            Arg::Int { text, .. } => text.clone(),
            Arg::Str { quoted, .. } => quoted.clone(),
            Arg::Identifier(_, name) => name.clone(),
            Arg::Pipe(pipe) => format!("({})", pipe.describe()),
        }
    }

    /// Whether Go refuses it at the head of a later pipeline stage.
    fn is_literal(&self) -> bool {
        matches!(
            self,
            Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Int { .. } | Arg::Str { .. }
        )
    }
}

impl Pipe {
    fn describe(&self) -> String {
        self.commands
            .iter()
            .map(Command::describe)
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

impl Command {
    fn describe(&self) -> String {
        self.args
            .iter()
            .map(Arg::describe)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    i: usize,
    action_line: usize,
}

impl Parser<'_> {
    fn next(&mut self) -> Token {
        let token = self.tokens[self.i.min(self.tokens.len() - 1)].clone();
        self.i += 1;
        token
    }

    fn backup(&mut self) {
        self.i -= 1;
    }

    fn peek(&self) -> &Token {
        &self.tokens[self.i.min(self.tokens.len() - 1)]
    }

    fn next_non_space(&mut self) -> Token {
        loop {
            let token = self.next();
            if token.kind != Kind::Space {
                return token;
            }
        }
    }

    /// The line of the token read last (Go's `t.token[0].line`).
    fn line(&self) -> usize {
        let token = &self.tokens[self.i.saturating_sub(1).min(self.tokens.len() - 1)];
        line_of(self.text, token.pos)
    }

    fn error(&self, message: &str) -> String {
        format!("template: :{}: {message}", self.line())
    }

    fn unsupported(&self, what: &str) -> String {
        self.error(&format!(
            "{what} is not supported by berth (it supports fields, literals, pipes and \
             docker's json, split, join, title, lower, upper, pad and truncate)"
        ))
    }

    /// Go's `Tree.unexpected`.
    fn unexpected(&self, token: &Token, context: &str) -> String {
        if let Kind::Error(message) = &token.kind {
            let line = line_of(self.text, token.pos);
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != line {
                extra = if message.ends_with(" action") {
                    format!(" started at :{}", self.action_line)
                } else {
                    format!(" in action started at :{}", self.action_line)
                };
            }
            return format!("template: :{line}: {message}{extra}");
        }
        self.error(&format!("unexpected {} in {context}", token.describe()))
    }

    fn parse(&mut self) -> Result<Vec<Node>, String> {
        let mut nodes = Vec::new();
        loop {
            let token = self.next();
            match token.kind {
                Kind::Text(text) => nodes.push(Node::Text(text)),
                Kind::LeftDelim => {
                    self.action_line = line_of(self.text, token.pos);
                    let head = self.next_non_space();
                    if head.kind == Kind::Keyword {
                        return Err(self.unsupported(&format!("{{{{{}}}}}", head.val)));
                    }
                    self.backup();
                    nodes.push(Node::Action(self.pipeline("command", &Kind::RightDelim)?));
                    self.action_line = 0;
                }
                Kind::Eof => return Ok(nodes),
                _ => return Err(self.unexpected(&token, "input")),
            }
        }
    }

    fn pipeline(&mut self, context: &str, end: &Kind) -> Result<Pipe, String> {
        let pos = self.peek().pos;
        let mut commands = Vec::new();
        loop {
            let token = self.next_non_space();
            if &token.kind == end {
                self.check_pipeline(&commands, context)?;
                return Ok(Pipe { pos, commands });
            }
            match token.kind {
                Kind::Variable | Kind::Assign | Kind::Declare => {
                    return Err(self.unsupported("a variable"));
                }
                Kind::Bool
                | Kind::CharConstant
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::String
                | Kind::RawString
                | Kind::LeftParen => {
                    self.backup();
                    commands.push(self.command()?);
                }
                _ => return Err(self.unexpected(&token, context)),
            }
        }
    }

    fn check_pipeline(&self, commands: &[Command], context: &str) -> Result<(), String> {
        if commands.is_empty() {
            return Err(self.error(&format!("missing value for {context}")));
        }
        for (i, command) in commands.iter().enumerate().skip(1) {
            if command.args[0].is_literal() {
                return Err(self.error(&format!(
                    "non executable command in pipeline stage {}",
                    i + 1
                )));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> Result<Command, String> {
        let pos = {
            let token = self.next_non_space();
            self.backup();
            token.pos
        };
        let mut args = Vec::new();
        loop {
            let _ = self.next_non_space();
            self.backup();
            if let Some(operand) = self.operand()? {
                args.push(operand);
            }
            let token = self.next();
            match token.kind {
                Kind::Space => continue,
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ => return Err(self.unexpected(&token, "operand")),
            }
            break;
        }
        if args.is_empty() {
            return Err(self.error("empty command"));
        }
        Ok(Command { pos, args })
    }

    fn operand(&mut self) -> Result<Option<Arg>, String> {
        let Some(term) = self.term()? else {
            return Ok(None);
        };
        if self.peek().kind != Kind::Field {
            return Ok(Some(term));
        }
        // Go gives the merged field the position of the first field that follows the term.
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().kind == Kind::Field {
            fields.push(self.next().val[1..].to_owned());
        }
        match term {
            Arg::Field { mut path, .. } => {
                path.extend(fields);
                Ok(Some(Arg::Field {
                    pos: chain_pos,
                    path,
                }))
            }
            Arg::Bool(..) | Arg::Str { .. } | Arg::Int { .. } | Arg::Nil(_) | Arg::Dot(_) => {
                Err(self.error(&format!(
                    "unexpected . after term {}",
                    go_quote(&term.describe())
                )))
            }
            _ => Err(self.unsupported("a field of a function's or pipeline's result")),
        }
    }

    fn term(&mut self) -> Result<Option<Arg>, String> {
        let token = self.next_non_space();
        let pos = token.pos;
        let arg = match token.kind {
            Kind::Identifier => {
                let name = token.val;
                if GO_BUILTINS.contains(&name.as_str()) {
                    return Err(self.unsupported(&format!("the function {}", go_quote(&name))));
                }
                if !DOCKER_FUNCTIONS.contains(&name.as_str()) {
                    return Err(self.error(&format!("function {} not defined", go_quote(&name))));
                }
                Arg::Identifier(pos, name)
            }
            Kind::Dot => Arg::Dot(pos),
            Kind::Nil => Arg::Nil(pos),
            Kind::Variable => return Err(self.unsupported("a variable")),
            Kind::Field => Arg::Field {
                pos,
                path: vec![token.val[1..].to_owned()],
            },
            Kind::Bool => Arg::Bool(pos, token.val == "true"),
            Kind::CharConstant => return Err(self.unsupported("a character constant")),
            Kind::Number => {
                let text = token.val;
                let digits = text.strip_prefix('+').unwrap_or(&text);
                match digits.parse::<i64>() {
                    Ok(value) if digits.bytes().skip(1).all(|b| b.is_ascii_digit()) => {
                        Arg::Int { pos, value, text }
                    }
                    _ => {
                        return Err(self.unsupported(&format!(
                            "the number {} (only decimal integers are)",
                            text
                        )));
                    }
                }
            }
            Kind::LeftParen => Arg::Pipe(Box::new(
                self.pipeline("parenthesized pipeline", &Kind::RightParen)?,
            )),
            Kind::String | Kind::RawString => {
                let value = unquote(&token.val).ok_or_else(|| self.error("invalid syntax"))?;
                Arg::Str {
                    pos,
                    value,
                    quoted: token.val,
                }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        };
        Ok(Some(arg))
    }
}

/// Go's `strconv.Unquote` for `"…"` and `` `…` `` literals.
fn unquote(quoted: &str) -> Option<String> {
    if let Some(raw) = quoted.strip_prefix('`') {
        return Some(raw.strip_suffix('`')?.replace('\r', ""));
    }
    let inner = quoted.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = chars.next()?;
        let hex = |chars: &mut std::str::Chars, n: usize| -> Option<u32> {
            let digits: String = chars.by_ref().take(n).collect();
            if digits.len() != n {
                return None;
            }
            u32::from_str_radix(&digits, 16).ok()
        };
        match escaped {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'x' => out.push(char::from_u32(hex(&mut chars, 2)?.min(0x7f))?),
            'u' => out.push(char::from_u32(hex(&mut chars, 4)?)?),
            'U' => out.push(char::from_u32(hex(&mut chars, 8)?)?),
            '0'..='7' => {
                let rest: String = chars.by_ref().take(2).collect();
                let value = u32::from_str_radix(&format!("{escaped}{rest}"), 8).ok()?;
                if rest.len() != 2 || value > 0x7f {
                    return None;
                }
                out.push(char::from_u32(value)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

// ----------------------------------------------------------------------------
// Execution

#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Data,
    Str(String),
    Int(i64),
    Bool(bool),
    List(Vec<String>),
    Nil,
    /// Go's invalid `reflect.Value` (a missing map key).
    Missing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Param {
    String,
    Int,
    Any,
}

impl Param {
    fn go_name(self) -> &'static str {
        match self {
            Param::String => "string",
            Param::Int => "int",
            Param::Any => "interface {}",
        }
    }
}

struct Exec<'a> {
    text: &'a str,
    data: &'a dyn TemplateData,
    functions: Functions,
}

impl Exec<'_> {
    /// Go's execution error: `template: :1:2: executing "" at <.Nope>: …`.
    fn error(&self, pos: usize, context: &str, message: &str) -> String {
        let before = &self.text[..pos.min(self.text.len())];
        let column = match before.rfind('\n') {
            Some(i) => pos - (i + 1),
            None => pos,
        };
        format!(
            "template: :{}:{column}: executing \"\" at <{context}>: {message}",
            line_of(self.text, pos)
        )
    }

    fn error_at(&self, node: &Arg, message: &str) -> String {
        self.error(node.pos(), &node.describe(), message)
    }

    fn type_name(&self, value: &Value) -> &'static str {
        match value {
            Value::Data => self.data.type_name(),
            Value::Str(_) => "string",
            Value::Int(_) => "int",
            Value::Bool(_) => "bool",
            Value::List(_) => "[]string",
            Value::Nil | Value::Missing => "<nil>",
        }
    }

    /// Go's `printValue`.
    fn print(&self, value: &Value) -> String {
        match value {
            Value::Data => self.data.to_text(),
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => format!("[{}]", items.join(" ")),
            Value::Nil => "<nil>".to_owned(),
            Value::Missing => "<no value>".to_owned(),
        }
    }

    fn pipeline(&self, pipe: &Pipe) -> Result<Value, String> {
        let mut value = None;
        for command in &pipe.commands {
            value = Some(self.command(command, value)?);
        }
        Ok(value.unwrap_or(Value::Missing))
    }

    fn command(&self, command: &Command, last: Option<Value>) -> Result<Value, String> {
        let first = &command.args[0];
        match first {
            Arg::Field { path, .. } => return self.field_chain(first, path, &command.args, last),
            Arg::Identifier(..) => return self.function(first, command, &command.args, last),
            _ => {}
        }
        if command.args.len() > 1 || last.is_some() {
            return Err(self.error_at(
                first,
                &format!("can't give argument to non-function {}", first.describe()),
            ));
        }
        match first {
            Arg::Pipe(pipe) => self.pipeline(pipe),
            Arg::Bool(_, b) => Ok(Value::Bool(*b)),
            Arg::Dot(_) => Ok(Value::Data),
            Arg::Nil(_) => Err(self.error_at(first, "nil is not a command")),
            Arg::Int { value, .. } => Ok(Value::Int(*value)),
            Arg::Str { value, .. } => Ok(Value::Str(value.clone())),
            Arg::Field { .. } | Arg::Identifier(..) => unreachable!("handled above"),
        }
    }

    fn field_chain(
        &self,
        node: &Arg,
        path: &[String],
        args: &[Arg],
        last: Option<Value>,
    ) -> Result<Value, String> {
        let mut receiver = Value::Data;
        for name in &path[..path.len() - 1] {
            receiver = self.field(node, name, 0, receiver)?;
        }
        let count = args.len().saturating_sub(1) + usize::from(last.is_some());
        self.field(node, &path[path.len() - 1], count, receiver)
    }

    /// Go's `evalField` on what berth's data can be.
    fn field(
        &self,
        node: &Arg,
        name: &str,
        arg_count: usize,
        receiver: Value,
    ) -> Result<Value, String> {
        match receiver {
            Value::Missing => Ok(Value::Missing),
            Value::Data if self.data.is_map() => {
                if arg_count > 0 {
                    return Err(
                        self.error_at(node, &format!("{name} is not a method but has arguments"))
                    );
                }
                Ok(self.data.field(name).map_or(Value::Missing, Value::Str))
            }
            Value::Data => match self.data.field(name) {
                Some(value) if arg_count == 0 => Ok(Value::Str(value)),
                Some(_) => Err(self.error_at(
                    node,
                    &format!("wrong number of args for {name}: want 0 got {arg_count}"),
                )),
                None => Err(self.error_at(
                    node,
                    &format!(
                        "can't evaluate field {name} in type {}",
                        self.data.type_name()
                    ),
                )),
            },
            other => Err(self.error_at(
                node,
                &format!(
                    "can't evaluate field {name} in type {}",
                    self.type_name(&other)
                ),
            )),
        }
    }

    fn signature(&self, name: &str) -> &'static [Param] {
        use Param::{Any, Int, String as Str};
        match (self.functions, name) {
            (Functions::Basic, "json") => &[Any],
            (Functions::Basic, "join") => &[Any, Str],
            (_, "split" | "join") => &[Str, Str],
            (_, "pad") => &[Str, Int, Int],
            (_, "truncate") => &[Str, Int],
            _ => &[Str],
        }
    }

    fn function(
        &self,
        node: &Arg,
        command: &Command,
        args: &[Arg],
        last: Option<Value>,
    ) -> Result<Value, String> {
        let Arg::Identifier(_, name) = node else {
            unreachable!("a function is called by name");
        };
        let params = self.signature(name);
        let count = args.len() - 1 + usize::from(last.is_some());
        if count != params.len() {
            return Err(self.error_at(
                node,
                &format!(
                    "wrong number of args for {name}: want {} got {count}",
                    params.len()
                ),
            ));
        }
        let mut values = Vec::with_capacity(count);
        let mut current = node;
        for (arg, &param) in args[1..].iter().zip(params) {
            current = arg;
            values.push(self.argument(arg, param)?);
        }
        if let Some(last) = last {
            let param = params[params.len() - 1];
            values.push(self.checked(current, last, param)?);
        }
        self.call(name, values).map_err(|e| {
            self.error(
                command.pos,
                &command.describe(),
                &format!("error calling {name}: {e}"),
            )
        })
    }

    /// Go's `evalArg`.
    fn argument(&self, arg: &Arg, param: Param) -> Result<Value, String> {
        match arg {
            Arg::Dot(_) => self.checked(arg, Value::Data, param),
            Arg::Nil(_) if param == Param::Any => Ok(Value::Nil),
            Arg::Nil(_) => {
                Err(self.error_at(arg, &format!("cannot assign nil to {}", param.go_name())))
            }
            Arg::Field { path, .. } => {
                let value = self.field_chain(arg, path, std::slice::from_ref(arg), None)?;
                self.checked(arg, value, param)
            }
            Arg::Pipe(pipe) => {
                let value = self.pipeline(pipe)?;
                self.checked(arg, value, param)
            }
            Arg::Identifier(..) => {
                let command = Command {
                    pos: arg.pos(),
                    args: vec![arg.clone()],
                };
                let value = self.function(arg, &command, std::slice::from_ref(arg), None)?;
                self.checked(arg, value, param)
            }
            Arg::Str { value, .. } if param != Param::Int => Ok(Value::Str(value.clone())),
            Arg::Int { value, .. } if param != Param::String => Ok(Value::Int(*value)),
            Arg::Bool(_, b) if param == Param::Any => Ok(Value::Bool(*b)),
            _ => {
                let expected = if param == Param::Int {
                    "integer"
                } else {
                    "string"
                };
                Err(self.error_at(
                    arg,
                    &format!("expected {expected}; found {}", arg.describe()),
                ))
            }
        }
    }

    /// Go's `validateType`.
    fn checked(&self, node: &Arg, value: Value, param: Param) -> Result<Value, String> {
        let ok = match (&value, param) {
            (Value::Missing, Param::Any) => return Ok(Value::Nil),
            (Value::Missing, _) => {
                return Err(self.error_at(
                    node,
                    &format!("invalid value; expected {}", param.go_name()),
                ));
            }
            (_, Param::Any) | (Value::Str(_), Param::String) | (Value::Int(_), Param::Int) => true,
            _ => false,
        };
        if ok {
            return Ok(value);
        }
        Err(self.error_at(
            node,
            &format!(
                "wrong type for value; expected {}; got {}",
                param.go_name(),
                self.type_name(&value)
            ),
        ))
    }

    fn call(&self, name: &str, mut values: Vec<Value>) -> Result<Value, String> {
        let int = |v: &Value| match v {
            Value::Int(n) => *n,
            _ => 0,
        };
        let string = |v: Value| match v {
            Value::Str(s) => s,
            _ => String::new(),
        };
        if name == "pad" {
            let (before, after) = (int(&values[1]), int(&values[2]));
            let source = string(values.swap_remove(0));
            if source.is_empty() {
                return Ok(Value::Str(source));
            }
            if before < 0 || after < 0 {
                return Err("strings: negative Repeat count".to_owned());
            }
            let pad = |n: i64| " ".repeat(usize::try_from(n).unwrap_or(0));
            return Ok(Value::Str(format!("{}{source}{}", pad(before), pad(after))));
        }
        if self.functions == Functions::Header {
            // Header functions return their first argument untouched.
            return Ok(Value::Str(string(values.swap_remove(0))));
        }
        let first = values.remove(0);
        Ok(match name {
            "json" => Value::Str(self.json(&first)),
            "split" => Value::List(go_split(&string(first), &string(values.remove(0)))),
            "join" => {
                let sep = string(values.remove(0));
                match first {
                    Value::List(items) => Value::Str(items.join(&sep)),
                    Value::Nil => Value::Str(String::new()),
                    other => {
                        return Err(format!("expected slice, got {}", self.type_name(&other)));
                    }
                }
            }
            "title" => Value::Str(go_title(&string(first))),
            "lower" => Value::Str(string(first).chars().map(simple_lower).collect()),
            "upper" => Value::Str(string(first).chars().map(simple_upper).collect()),
            "truncate" => {
                let source = string(first);
                let length = int(&values[0]);
                if (source.len() as i64) < length {
                    Value::Str(source)
                } else if length < 0 {
                    return Err(format!(
                        "runtime error: slice bounds out of range [:{length}]"
                    ));
                } else {
                    let cut = &source.as_bytes()[..length as usize];
                    Value::Str(String::from_utf8_lossy(cut).into_owned())
                }
            }
            _ => unreachable!("the parser only lets docker's functions through"),
        })
    }

    /// docker/cli's `json` function (`formatJSON`: an encoder without HTML escaping).
    fn json(&self, value: &Value) -> String {
        use crate::json_string::json_string;
        match value {
            Value::Data => self.data.to_json(),
            Value::Str(s) => json_string(s, false),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(items) => format!(
                "[{}]",
                items
                    .iter()
                    .map(|i| json_string(i, false))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Value::Nil | Value::Missing => "null".to_owned(),
        }
    }
}

/// Go's `strings.Split`.
fn go_split(s: &str, sep: &str) -> Vec<String> {
    if sep.is_empty() {
        return s.chars().map(String::from).collect();
    }
    s.split(sep).map(str::to_owned).collect()
}

/// Go's `unicode.ToLower`: the simple (one character) mapping.
fn simple_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Go's `unicode.ToUpper`: the simple mapping; characters whose uppercase is several
/// characters (`ß`) stay as they are.
fn simple_upper(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Go's deprecated `strings.Title`: upper-cases the first letter of each word.
fn go_title(s: &str) -> String {
    let is_separator = |c: char| {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphabetic() || c.is_numeric() {
            return false;
        }
        c.is_whitespace()
    };
    let mut previous = ' ';
    s.chars()
        .map(|c| {
            let out = if is_separator(previous) {
                simple_upper(c)
            } else {
                c
            };
            previous = c;
            out
        })
        .collect()
}
