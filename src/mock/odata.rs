//! OData query options on the simulated Graph's reads (`$select`, `$filter`, `$orderby`,
//! `$top`, `$skiptoken`, `$count`, `$search`), read from the decoded query and evaluated
//! over JSON entities. Plain functions over `serde_json::Value`: no state, no I/O.
//!
//! String comparisons ignore case, as the directory's do (`userPrincipalName eq
//! 'ALICE@contoso.com'` finds alice). A property an entity does not have reads as `null`.

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// A query Graph would refuse: 400 with `code` and `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryError {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl QueryError {
    fn bad(message: impl Into<String>) -> Self {
        Self {
            code: "BadRequest",
            message: message.into(),
        }
    }

    fn unsupported(message: impl Into<String>) -> Self {
        Self {
            code: "Request_UnsupportedQuery",
            message: message.into(),
        }
    }

    fn filter(message: impl Into<String>) -> Self {
        Self::bad(format!("Invalid filter clause: {}", message.into()))
    }
}

/// The most items one page may hold (`$top`), and the page size without `$top`.
pub(crate) const MAX_TOP: usize = 999;
/// The page size when `$top` is not given (Graph's default for directory objects).
pub(crate) const DEFAULT_PAGE: usize = 100;

/// The query options of one request.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Query {
    pub(crate) select: Option<Vec<String>>,
    pub(crate) filter: Option<Expr>,
    pub(crate) orderby: Vec<(Vec<String>, bool)>,
    pub(crate) top: Option<usize>,
    pub(crate) skip: usize,
    /// Where the page starts, from `$skiptoken`.
    pub(crate) skiptoken: Option<usize>,
    pub(crate) count: bool,
    pub(crate) search: Option<Search>,
}

/// The query option names the simulated Graph reads; others starting with `$` are refused.
const KNOWN: [&str; 9] = [
    "$select",
    "$filter",
    "$orderby",
    "$top",
    "$skip",
    "$skiptoken",
    "$count",
    "$search",
    "$format",
];

impl Query {
    /// Reads the `$` options among decoded `pairs` (names ignore case; other names, such
    /// as a function's parameters, are left alone).
    pub(crate) fn parse<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, QueryError> {
        let mut q = Query::default();
        let mut seen: Vec<&'static str> = Vec::new();
        for (name, value) in pairs {
            let name = name.trim();
            if !name.starts_with('$') {
                continue;
            }
            let Some(known) = KNOWN.iter().find(|k| k.eq_ignore_ascii_case(name)) else {
                return Err(QueryError::bad(format!(
                    "Query option '{name}' is not allowed. The simulated Graph reads {}.",
                    KNOWN.join(", ")
                )));
            };
            if seen.contains(known) {
                return Err(QueryError::bad(format!(
                    "Query option '{known}' was specified more than once, but it must be specified at most once."
                )));
            }
            seen.push(known);
            match *known {
                "$select" => q.select = Some(parse_select(value)?),
                "$filter" => q.filter = Some(parse_filter(value)?),
                "$orderby" => q.orderby = parse_orderby(value)?,
                "$top" => q.top = Some(parse_top(value)?),
                "$skip" => {
                    q.skip = value.trim().parse().map_err(|_| {
                        QueryError::bad(format!("Invalid value '{value}' for $skip."))
                    })?;
                }
                "$skiptoken" => q.skiptoken = Some(parse_skiptoken(value)?),
                "$count" => {
                    q.count = match value.trim() {
                        v if v.eq_ignore_ascii_case("true") => true,
                        v if v.eq_ignore_ascii_case("false") => false,
                        _ => {
                            return Err(QueryError::bad(format!(
                                "Invalid value '{value}' for $count: true or false."
                            )))
                        }
                    }
                }
                "$search" => q.search = Some(parse_search(value)?),
                _ => {
                    if !value.trim().eq_ignore_ascii_case("json") {
                        return Err(QueryError::bad(format!(
                            "Invalid value '{value}' for $format: only json is supported."
                        )));
                    }
                }
            }
        }
        Ok(q)
    }

    /// The page size: `$top`, else the default.
    pub(crate) fn page_size(&self) -> usize {
        self.top.unwrap_or(DEFAULT_PAGE)
    }
}

fn parse_select(value: &str) -> Result<Vec<String>, QueryError> {
    let names: Vec<String> = value.split(',').map(|s| s.trim().to_owned()).collect();
    for n in &names {
        if n.is_empty()
            || !n
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.@".contains(c))
        {
            return Err(QueryError::bad(format!(
                "Invalid $select: '{value}' (a comma-separated list of property names)."
            )));
        }
    }
    Ok(names)
}

fn parse_top(value: &str) -> Result<usize, QueryError> {
    match value.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_TOP).contains(&n) => Ok(n),
        _ => Err(QueryError::bad(format!(
            "Invalid page size specified: '{value}'. Must be between 1 and {MAX_TOP} inclusive."
        ))),
    }
}

/// The skip tokens the simulated Graph hands out are opaque to clients; inside they are
/// the offset of the page's first item.
pub(crate) fn skiptoken(offset: usize) -> String {
    format!("RFNwdAoAAQ{offset:x}")
}

fn parse_skiptoken(value: &str) -> Result<usize, QueryError> {
    value
        .trim()
        .strip_prefix("RFNwdAoAAQ")
        .and_then(|hex| usize::from_str_radix(hex, 16).ok())
        .ok_or_else(|| QueryError::bad("Invalid $skiptoken: it is not one this service issued."))
}

fn parse_orderby(value: &str) -> Result<Vec<(Vec<String>, bool)>, QueryError> {
    value
        .split(',')
        .map(|clause| {
            let mut words = clause.split_whitespace();
            let (Some(path), dir, None) = (words.next(), words.next(), words.next()) else {
                return Err(QueryError::bad(format!(
                    "Invalid $orderby: '{value}' (property [asc|desc], comma-separated)."
                )));
            };
            let desc = match dir {
                None => false,
                Some(d) if d.eq_ignore_ascii_case("asc") => false,
                Some(d) if d.eq_ignore_ascii_case("desc") => true,
                Some(d) => {
                    return Err(QueryError::bad(format!(
                        "Invalid $orderby direction '{d}': asc or desc."
                    )))
                }
            };
            Ok((path_of(path)?, desc))
        })
        .collect()
}

fn path_of(text: &str) -> Result<Vec<String>, QueryError> {
    let parts: Vec<String> = text.split('/').map(str::to_owned).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return Err(QueryError::bad(format!("'{text}' is not a property name.")));
    }
    Ok(parts)
}

// ---------------------------------------------------------------------------------------
// $filter

/// A parsed `$filter`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Compare(Operand, CompareOp, Operand),
    In(Operand, Vec<Value>),
    /// `startswith(a, b)` and `endswith(a, b)`.
    Text(TextFn, Operand, Operand),
    /// `path/any(x: ...)` (`all` = false) and `path/all(x: ...)` (`all` = true).
    Lambda {
        path: Vec<String>,
        var: String,
        all: bool,
        body: Box<Expr>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompareOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextFn {
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// A property path (`displayName`, `onPremisesExtensionAttributes/extensionAttribute1`),
    /// or inside a lambda the variable and a path under it.
    Property(Vec<String>),
    Literal(Value),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Open,
    Close,
    Comma,
    Colon,
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' | ',' | ':' => {
                out.push((
                    start,
                    match c {
                        '(' => Token::Open,
                        ')' => Token::Close,
                        ',' => Token::Comma,
                        _ => Token::Colon,
                    },
                ));
                i += 1;
            }
            '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(QueryError::filter(format!(
                                "unterminated string literal at position {start} in '{text}'."
                            )))
                        }
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            s.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(&c) => {
                            s.push(c);
                            i += 1;
                        }
                    }
                }
                out.push((start, Token::Str(s)));
            }
            c if c.is_ascii_digit() || c == '-' => {
                // Numbers, GUIDs and dates/times (which hold ':' and '+').
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || "-.:+".contains(*c))
                {
                    i += 1;
                }
                out.push((start, Token::Word(chars[start..i].iter().collect())));
            }
            c if c.is_ascii_alphabetic() || c == '_' || c == '@' => {
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || "_./@".contains(*c))
                {
                    i += 1;
                }
                out.push((start, Token::Word(chars[start..i].iter().collect())));
            }
            other => {
                return Err(QueryError::filter(format!(
                    "syntax error at position {start} in '{text}': unexpected '{other}'."
                )))
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<(usize, Token)>,
    at: usize,
    /// Lambda variables in scope.
    vars: Vec<String>,
}

/// Parses a `$filter` expression; what it cannot read is an error, never ignored.
pub(crate) fn parse_filter(text: &str) -> Result<Expr, QueryError> {
    let mut p = Parser {
        text,
        tokens: tokenize(text)?,
        at: 0,
        vars: Vec::new(),
    };
    if p.tokens.is_empty() {
        return Err(QueryError::filter("the filter is empty."));
    }
    let e = p.or()?;
    if let Some((pos, _)) = p.tokens.get(p.at) {
        return Err(p.error_at(*pos, "expected the end of the expression"));
    }
    Ok(e)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn position(&self) -> usize {
        self.tokens
            .get(self.at)
            .map_or(self.text.chars().count(), |(p, _)| *p)
    }

    fn error_at(&self, pos: usize, what: &str) -> QueryError {
        QueryError::filter(format!(
            "syntax error at position {pos} in '{}': {what}.",
            self.text
        ))
    }

    fn error(&self, what: &str) -> QueryError {
        self.error_at(self.position(), what)
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Token::Word(w)) if w == word) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &Token, what: &str) -> Result<(), QueryError> {
        if self.peek() == Some(token) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        if self.keyword("not") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, QueryError> {
        if self.peek() == Some(&Token::Open) {
            self.at += 1;
            let e = self.or()?;
            self.expect(&Token::Close, "')'")?;
            return Ok(e);
        }
        // A function call or a lambda: a word followed by '('.
        if let (Some(Token::Word(w)), Some((_, Token::Open))) =
            (self.peek().cloned(), self.tokens.get(self.at + 1))
        {
            return self.call(&w);
        }
        let left = self.operand()?;
        if self.keyword("in") {
            return Ok(Expr::In(left, self.list()?));
        }
        let op = match self.peek() {
            Some(Token::Word(w)) => match w.as_str() {
                "eq" => CompareOp::Eq,
                "ne" => CompareOp::Ne,
                "gt" => CompareOp::Gt,
                "ge" => CompareOp::Ge,
                "lt" => CompareOp::Lt,
                "le" => CompareOp::Le,
                "has" | "add" | "sub" | "mul" | "div" | "mod" => {
                    return Err(QueryError::unsupported(format!(
                        "Unsupported query: the operator '{w}' is not supported."
                    )))
                }
                _ => {
                    return Err(
                        self.error("expected a comparison operator (eq, ne, gt, ge, lt, le, in)")
                    )
                }
            },
            _ => {
                return Err(
                    self.error("expected a comparison operator (eq, ne, gt, ge, lt, le, in)")
                )
            }
        };
        self.at += 1;
        let right = self.operand()?;
        Ok(Expr::Compare(left, op, right))
    }

    fn call(&mut self, word: &str) -> Result<Expr, QueryError> {
        let lambda = word
            .rsplit_once('/')
            .filter(|(_, f)| *f == "any" || *f == "all");
        self.at += 2; // the word and '('
        if let Some((path, f)) = lambda {
            let path = self.property_path(path)?;
            let Some(Token::Word(var)) = self.peek().cloned() else {
                return Err(self.error("expected a lambda variable"));
            };
            self.at += 1;
            self.expect(&Token::Colon, "':' after the lambda variable")?;
            self.vars.push(var.clone());
            let body = self.or();
            self.vars.pop();
            let body = body?;
            self.expect(&Token::Close, "')'")?;
            return Ok(Expr::Lambda {
                path,
                var,
                all: f == "all",
                body: Box::new(body),
            });
        }
        let f = match word {
            "startswith" | "startsWith" => TextFn::StartsWith,
            "endswith" | "endsWith" => TextFn::EndsWith,
            other => {
                return Err(QueryError::unsupported(format!(
                    "Unsupported query: the function '{other}' is not supported (startswith, endswith, any, all are)."
                )))
            }
        };
        let a = self.operand()?;
        self.expect(&Token::Comma, "','")?;
        let b = self.operand()?;
        self.expect(&Token::Close, "')'")?;
        Ok(Expr::Text(f, a, b))
    }

    fn list(&mut self) -> Result<Vec<Value>, QueryError> {
        self.expect(&Token::Open, "'(' after 'in'")?;
        let mut items = Vec::new();
        loop {
            match self.operand()? {
                Operand::Literal(v) => items.push(v),
                Operand::Property(_) => return Err(self.error("expected a literal in the list")),
            }
            if self.peek() == Some(&Token::Comma) {
                self.at += 1;
                continue;
            }
            self.expect(&Token::Close, "')' or ','")?;
            return Ok(items);
        }
    }

    fn property_path(&self, text: &str) -> Result<Vec<String>, QueryError> {
        let parts: Vec<String> = text.split('/').map(str::to_owned).collect();
        if parts.iter().any(|p| {
            p.is_empty()
                || !p
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@' || c == '.')
        }) {
            return Err(self.error(&format!("'{text}' is not a property path")));
        }
        Ok(parts)
    }

    fn operand(&mut self) -> Result<Operand, QueryError> {
        let Some(token) = self.peek().cloned() else {
            return Err(self.error("expected a property or a literal"));
        };
        self.at += 1;
        match token {
            Token::Str(s) => Ok(Operand::Literal(Value::String(s))),
            Token::Word(w) => {
                match w.as_str() {
                    "true" => return Ok(Operand::Literal(Value::Bool(true))),
                    "false" => return Ok(Operand::Literal(Value::Bool(false))),
                    "null" => return Ok(Operand::Literal(Value::Null)),
                    _ => {}
                }
                let first = w.chars().next().unwrap_or(' ');
                if first.is_ascii_digit() || first == '-' {
                    if let Ok(n) = w.parse::<i64>() {
                        return Ok(Operand::Literal(Value::from(n)));
                    }
                    if let Some(n) = w.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                        return Ok(Operand::Literal(Value::Number(n)));
                    }
                    // GUIDs and dates compare as their text.
                    return Ok(Operand::Literal(Value::String(w)));
                }
                let path = self.property_path(&w)?;
                Ok(Operand::Property(path))
            }
            _ => {
                self.at -= 1;
                Err(self.error("expected a property or a literal"))
            }
        }
    }
}

/// The value at `path` in `entity` (property names ignore case), `Null` when absent.
pub(crate) fn lookup<'v>(entity: &'v Value, path: &[String]) -> &'v Value {
    let mut at = entity;
    for name in path {
        at = match at {
            Value::Object(map) => get_ignoring_case(map, name).unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    at
}

/// The value at `path` in the object `entity`, `Null` when absent.
pub(crate) fn lookup_in<'v>(entity: &'v Map<String, Value>, path: &[String]) -> &'v Value {
    static NULL: Value = Value::Null;
    let Some((first, rest)) = path.split_first() else {
        return &NULL;
    };
    lookup(get_ignoring_case(entity, first).unwrap_or(&NULL), rest)
}

/// A property by name, the exact spelling first, then ignoring case.
pub(crate) fn get_ignoring_case<'v>(map: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    map.get(name).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Whether `entity` passes `expr`.
pub(crate) fn matches(expr: &Expr, entity: &Map<String, Value>) -> bool {
    eval(expr, entity, &[])
}

fn eval(expr: &Expr, entity: &Map<String, Value>, scope: &[(&str, &Value)]) -> bool {
    match expr {
        Expr::Or(a, b) => eval(a, entity, scope) || eval(b, entity, scope),
        Expr::And(a, b) => eval(a, entity, scope) && eval(b, entity, scope),
        Expr::Not(a) => !eval(a, entity, scope),
        Expr::Compare(a, op, b) => {
            let (a, b) = (resolve(a, entity, scope), resolve(b, entity, scope));
            match op {
                CompareOp::Eq => equal(a, b),
                CompareOp::Ne => !equal(a, b),
                CompareOp::Gt => order(a, b) == Some(Ordering::Greater),
                CompareOp::Ge => matches!(order(a, b), Some(Ordering::Greater | Ordering::Equal)),
                CompareOp::Lt => order(a, b) == Some(Ordering::Less),
                CompareOp::Le => matches!(order(a, b), Some(Ordering::Less | Ordering::Equal)),
            }
        }
        Expr::In(a, list) => {
            let a = resolve(a, entity, scope);
            list.iter().any(|v| equal(a, v))
        }
        Expr::Text(f, a, b) => {
            let (Value::String(a), Value::String(b)) =
                (resolve(a, entity, scope), resolve(b, entity, scope))
            else {
                return false;
            };
            if a.is_ascii() && b.is_ascii() {
                let (a, b) = (a.as_bytes(), b.as_bytes());
                let at = match f {
                    TextFn::StartsWith => a.get(..b.len()),
                    TextFn::EndsWith => a.len().checked_sub(b.len()).and_then(|i| a.get(i..)),
                };
                return at.is_some_and(|part| part.eq_ignore_ascii_case(b));
            }
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            match f {
                TextFn::StartsWith => a.starts_with(&b),
                TextFn::EndsWith => a.ends_with(&b),
            }
        }
        Expr::Lambda {
            path,
            var,
            all,
            body,
        } => {
            let Value::Array(items) = resolve_path(path, entity, scope) else {
                return *all;
            };
            let test = |item: &Value| {
                let mut inner = scope.to_vec();
                inner.push((var.as_str(), item));
                eval(body, entity, &inner)
            };
            if *all {
                items.iter().all(test)
            } else {
                items.iter().any(test)
            }
        }
    }
}

fn resolve<'v>(
    operand: &'v Operand,
    entity: &'v Map<String, Value>,
    scope: &[(&str, &'v Value)],
) -> &'v Value {
    match operand {
        Operand::Literal(v) => v,
        Operand::Property(path) => resolve_path(path, entity, scope),
    }
}

fn resolve_path<'v>(
    path: &[String],
    entity: &'v Map<String, Value>,
    scope: &[(&str, &'v Value)],
) -> &'v Value {
    if let Some((first, rest)) = path.split_first() {
        if let Some((_, bound)) = scope.iter().rev().find(|(name, _)| *name == first.as_str()) {
            return lookup(bound, rest);
        }
    }
    lookup_in(entity, path)
}

/// Strings ignoring case, without allocating for ASCII text (the common case).
fn cmp_ignoring_case(a: &str, b: &str) -> Ordering {
    if a.is_ascii() && b.is_ascii() {
        a.bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
    } else {
        a.to_lowercase().cmp(&b.to_lowercase())
    }
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(a), Value::String(b)) => {
            a.len() == b.len() && a.eq_ignore_ascii_case(b)
                || (!a.is_ascii() || !b.is_ascii()) && cmp_ignoring_case(a, b) == Ordering::Equal
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => a == b,
    }
}

fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::String(a), Value::String(b)) => Some(cmp_ignoring_case(a, b)),
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// `$orderby`'s ordering of two entities: nulls first ascending, strings ignoring case.
pub(crate) fn compare_for_orderby(
    orderby: &[(Vec<String>, bool)],
    a: &Map<String, Value>,
    b: &Map<String, Value>,
) -> Ordering {
    for (path, desc) in orderby {
        let (x, y) = (lookup_in(a, path), lookup_in(b, path));
        let o = match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => order(x, y).unwrap_or(Ordering::Equal),
        };
        let o = if *desc { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

// ---------------------------------------------------------------------------------------
// $search

/// The properties `$search` may name.
pub(crate) const SEARCHABLE: [&str; 7] = [
    "displayName",
    "description",
    "mail",
    "mailNickname",
    "userPrincipalName",
    "givenName",
    "surname",
];

/// A parsed `$search`: `"property:term"` clauses joined by `AND` / `OR` (`AND` binds
/// tighter).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Search {
    Term { property: String, term: String },
    And(Box<Search>, Box<Search>),
    Or(Box<Search>, Box<Search>),
}

fn parse_search(value: &str) -> Result<Search, QueryError> {
    let invalid = || {
        QueryError::bad(format!(
            "Syntax error: '{value}' is not a valid $search; use \"property:term\" clauses, \
             each in double quotes, joined by AND or OR."
        ))
    };
    let mut clauses: Vec<Search> = Vec::new();
    let mut joins: Vec<bool> = Vec::new(); // true: AND
    let mut rest = value.trim();
    loop {
        let inner = rest.strip_prefix('"').ok_or_else(invalid)?;
        let end = inner.find('"').ok_or_else(invalid)?;
        let (clause, after) = (&inner[..end], inner[end + 1..].trim_start());
        let (property, term) = clause.split_once(':').ok_or_else(|| {
            QueryError::unsupported(format!(
                "Unsupported query: $search needs property:term clauses (\"{clause}\" has no property)."
            ))
        })?;
        let Some(property) = SEARCHABLE
            .iter()
            .find(|p| p.eq_ignore_ascii_case(property.trim()))
        else {
            return Err(QueryError::unsupported(format!(
                "Unsupported query: $search on the property '{}' is not supported ({} are).",
                property.trim(),
                SEARCHABLE.join(", ")
            )));
        };
        clauses.push(Search::Term {
            property: (*property).to_owned(),
            term: term.trim().to_owned(),
        });
        if after.is_empty() {
            break;
        }
        let (word, next) = after.split_once(char::is_whitespace).ok_or_else(invalid)?;
        joins.push(match word {
            "AND" => true,
            "OR" => false,
            _ => return Err(invalid()),
        });
        rest = next.trim_start();
    }
    // AND before OR.
    let mut ors: Vec<Search> = Vec::new();
    let mut clauses = clauses.into_iter();
    let mut current = clauses.next().ok_or_else(invalid)?;
    for (and, next) in joins.into_iter().zip(clauses) {
        if and {
            current = Search::And(Box::new(current), Box::new(next));
        } else {
            ors.push(std::mem::replace(&mut current, next));
        }
    }
    Ok(ors.into_iter().rev().fold(current, |acc, left| {
        Search::Or(Box::new(left), Box::new(acc))
    }))
}

/// Whether `entity` is found by `search`: each word of the term must start a word of the
/// property (words split at spaces, punctuation and lower-to-upper case changes).
pub(crate) fn found(search: &Search, entity: &Map<String, Value>) -> bool {
    match search {
        Search::And(a, b) => found(a, entity) && found(b, entity),
        Search::Or(a, b) => found(a, entity) || found(b, entity),
        Search::Term { property, term } => {
            let Value::String(text) = lookup_in(entity, std::slice::from_ref(property)) else {
                return false;
            };
            let starts = word_starts(text);
            let lower = text.to_lowercase();
            term.split_whitespace().all(|word| {
                let word = word.to_lowercase();
                starts
                    .iter()
                    .any(|&i| lower.get(i..).is_some_and(|s| s.starts_with(&word)))
            })
        }
    }
}

/// Byte offsets where a word starts in `text` (valid in its lowercase form too for ASCII;
/// a non-ASCII text is searched from its start only).
fn word_starts(text: &str) -> Vec<usize> {
    if !text.is_ascii() {
        return vec![0];
    }
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for i in 1..bytes.len() {
        let (prev, c) = (bytes[i - 1], bytes[i]);
        let after_separator = !prev.is_ascii_alphanumeric() && c.is_ascii_alphanumeric();
        let camel = prev.is_ascii_lowercase() && c.is_ascii_uppercase();
        if after_separator || camel {
            starts.push(i);
        }
    }
    starts
}

// ---------------------------------------------------------------------------------------
// $select

/// `entity` with only the `selected` properties (each present, `null` when the entity has
/// none) and its `@odata.*` annotations.
pub(crate) fn project(entity: &Map<String, Value>, selected: &[String]) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in entity {
        if k.starts_with("@odata.") {
            out.insert(k.clone(), v.clone());
        }
    }
    for name in selected {
        let found = entity.iter().find(|(k, _)| k.eq_ignore_ascii_case(name));
        match found {
            Some((k, v)) => out.insert(k.clone(), v.clone()),
            None => out.insert(name.clone(), Value::Null),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Result<Query, QueryError> {
        Query::parse(pairs.iter().copied())
    }

    fn passes(filter: &str, entity: &Value) -> bool {
        matches(
            &parse_filter(filter).expect(filter),
            entity.as_object().unwrap(),
        )
    }

    fn alice() -> Value {
        json!({"id": "a1", "displayName": "Alice Smith", "mail": "alice@contoso.com",
               "jobTitle": null, "age": 41, "accountEnabled": true,
               "businessPhones": ["+1 555 0100"],
               "assignedLicenses": [{"skuId": "sku-1"}],
               "onPremisesExtensionAttributes": {"extensionAttribute1": "x"}})
    }

    #[test]
    fn eq_and_ne_compare_strings_ignoring_case_and_numbers_and_booleans() {
        let a = alice();
        assert!(passes("displayName eq 'ALICE smith'", &a));
        assert!(!passes("displayName eq 'Alice'", &a));
        assert!(passes("displayName ne 'Bob'", &a));
        assert!(passes("age eq 41 and accountEnabled eq true", &a));
        assert!(passes("age gt 40 and age le 41 and not (age lt 41)", &a));
        assert!(passes("jobTitle eq null and surname eq null", &a));
        assert!(passes(
            "onPremisesExtensionAttributes/extensionAttribute1 eq 'x'",
            &a
        ));
    }

    #[test]
    fn startswith_in_and_or_not_combine_with_and_binding_tighter_than_or() {
        let a = alice();
        assert!(passes("startswith(displayName,'ali')", &a));
        assert!(passes("endswith(mail,'@CONTOSO.com')", &a));
        assert!(!passes("startswith(displayName,'Smith')", &a));
        assert!(passes("id in ('x', 'a1')", &a));
        assert!(!passes("id in ('x')", &a));
        assert!(passes("id eq 'x' or id eq 'a1' and age eq 41", &a));
        assert!(!passes("(id eq 'x' or id eq 'a1') and age eq 40", &a));
        assert!(passes("not startswith(displayName,'Bob')", &a));
        assert!(passes("displayName eq 'it''s' or true eq true", &a));
        let e = json!({"city": "Zürich"});
        assert!(passes("city eq 'ZÜRICH' and startswith(city,'zü')", &e));
        assert!(!passes("city eq 'Zurich'", &e));
    }

    #[test]
    fn any_and_all_test_the_items_of_a_collection() {
        let a = alice();
        assert!(passes("businessPhones/any(p:p eq '+1 555 0100')", &a));
        assert!(passes("assignedLicenses/any(l:l/skuId eq 'sku-1')", &a));
        assert!(!passes("assignedLicenses/any(l:l/skuId eq 'sku-2')", &a));
        assert!(passes("businessPhones/all(p:startswith(p,'+1'))", &a));
        assert!(!passes("proxyAddresses/any(p:p eq 'x')", &a));
    }

    #[test]
    fn a_filter_it_cannot_read_is_an_error_naming_the_position_never_ignored() {
        for bad in [
            "",
            "displayName eq",
            "displayName 'x'",
            "displayName eq 'x",
            "(displayName eq 'x'",
            "displayName eq 'x' and",
            "displayName eq 'x' extra",
            "id in 'x'",
            "id in (displayName)",
            "displayName ~ 'x'",
        ] {
            let e = parse_filter(bad).expect_err(bad);
            assert_eq!(e.code, "BadRequest", "{bad}");
            assert!(
                e.message.starts_with("Invalid filter clause"),
                "{bad}: {}",
                e.message
            );
        }
        let e = parse_filter("displayName eq 'x' extra").unwrap_err();
        assert!(e.message.contains("position 19"), "{}", e.message);
        let e = parse_filter("contains(displayName,'x')").unwrap_err();
        assert_eq!(e.code, "Request_UnsupportedQuery");
        let e = parse_filter("flags has 'x'").unwrap_err();
        assert_eq!(e.code, "Request_UnsupportedQuery");
    }

    #[test]
    fn query_options_are_read_ignoring_case_and_refused_when_unknown_repeated_or_out_of_range() {
        let q = query(&[
            ("$Top", "5"),
            ("$select", "id, displayName"),
            ("$orderby", "displayName desc,mail"),
            ("$count", "true"),
            ("startDateTime", "2024-01-01"),
        ])
        .unwrap();
        assert_eq!(q.top, Some(5));
        assert_eq!(q.select, Some(vec!["id".into(), "displayName".into()]));
        assert_eq!(
            q.orderby,
            vec![
                (vec!["displayName".to_owned()], true),
                (vec!["mail".to_owned()], false)
            ]
        );
        assert!(q.count);
        assert_eq!(query(&[]).unwrap().page_size(), DEFAULT_PAGE);
        for bad in [
            [("$top", "0")],
            [("$top", "1000")],
            [("$top", "five")],
            [("$expand", "members")],
            [("$count", "yes")],
            [("$orderby", "displayName sideways")],
            [("$select", "display name")],
            [("$skiptoken", "made-up")],
        ] {
            assert!(query(&bad).is_err(), "{bad:?}");
        }
        assert!(query(&[("$top", "1"), ("$TOP", "2")])
            .unwrap_err()
            .message
            .contains("more than once"));
    }

    #[test]
    fn a_skiptoken_reads_back_as_the_offset_it_was_made_from() {
        for offset in [0, 1, 100, 123_456] {
            let q = query(&[("$skiptoken", &skiptoken(offset))]).unwrap();
            assert_eq!(q.skiptoken, Some(offset));
        }
    }

    #[test]
    fn orderby_sorts_nulls_first_strings_ignoring_case_and_by_later_keys_on_ties() {
        let mut items = [
            json!({"n": "b", "k": 2}),
            json!({"n": "B", "k": 1}),
            json!({"k": 3}),
            json!({"n": "a", "k": 4}),
        ];
        let by = parse_orderby("n, k desc").unwrap();
        items.sort_by(|a, b| {
            compare_for_orderby(&by, a.as_object().unwrap(), b.as_object().unwrap())
        });
        let keys: Vec<i64> = items.iter().map(|v| v["k"].as_i64().unwrap()).collect();
        assert_eq!(keys, [3, 4, 2, 1]);
        let by = parse_orderby("n desc").unwrap();
        items.sort_by(|a, b| {
            compare_for_orderby(&by, a.as_object().unwrap(), b.as_object().unwrap())
        });
        assert_eq!(items[3]["k"], 3);
    }

    #[test]
    fn search_matches_word_starts_in_the_named_property_with_and_before_or() {
        let e = json!({"displayName": "Conference Room 12", "mail": "confRoom12@contoso.com"});
        let e = e.as_object().unwrap();
        let s = |text: &str| parse_search(text).expect(text);
        assert!(found(&s("\"displayName:room\""), e));
        assert!(found(&s("\"displayName:conf roo\""), e));
        assert!(!found(&s("\"displayName:oom\""), e));
        assert!(found(&s("\"mail:room12\""), e));
        assert!(!found(&s("\"displayName:bob\" AND \"mail:conf\""), e));
        assert!(found(&s("\"displayName:bob\" OR \"mail:conf\""), e));
        assert!(found(
            &s("\"displayName:x\" AND \"mail:y\" OR \"displayName:room\""),
            e
        ));
        assert!(parse_search("displayName:room").is_err());
        assert!(parse_search("\"displayName:room\" NEAR \"mail:x\"").is_err());
        assert_eq!(
            parse_search("\"room\"").unwrap_err().code,
            "Request_UnsupportedQuery"
        );
        assert_eq!(
            parse_search("\"city:Paris\"").unwrap_err().code,
            "Request_UnsupportedQuery"
        );
    }

    #[test]
    fn select_keeps_only_the_named_properties_and_annotations_with_null_for_missing_ones() {
        let Value::Object(a) = json!({"@odata.type": "#microsoft.graph.user", "id": "1",
                                      "displayName": "A", "mail": "m"})
        else {
            unreachable!()
        };
        let p = project(&a, &["DISPLAYNAME".into(), "jobTitle".into()]);
        assert_eq!(
            Value::Object(p),
            json!({"@odata.type": "#microsoft.graph.user", "displayName": "A", "jobTitle": null})
        );
    }
}
