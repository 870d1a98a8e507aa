//! The one URL policy every edition follows: which link targets a reader
//! may follow. The EPUB, web and email editions write them as `href`s, the
//! PDF as link annotations; anything else (javascript:, data:, file:,
//! relative paths that mean nothing outside the source folder) is kept as
//! plain text — except that the web edition also keeps [`relative`] links.

/// An absolute http(s)/mailto URL with characters invalid in URLs
/// percent-encoded, or None for anything a reader must not follow
/// (javascript:, data:, relative paths that would point outside the book).
pub fn followable(url: &str) -> Option<String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '_' | '[' | ']'))
    } else if let Some(rest) = lower.strip_prefix("mailto:") {
        rest.contains('@')
    } else {
        false
    };
    if !ok {
        return None;
    }
    Some(encode(url))
}

/// A relative URL (a path, query or `#fragment`, no scheme) with
/// characters invalid in URLs percent-encoded, or None (a scheme such as
/// `javascript:` or `data:`, or nothing at all). Only the web edition
/// keeps these: on a web page they resolve against the page's address.
pub fn relative(url: &str) -> Option<String> {
    let url = url.trim();
    // A scheme is a letter, then letters, digits, `+`, `-` or `.`, then
    // `:` (RFC 3986); `foo):` is a path. `//host/…` is another site;
    // backslashes are encoded below, so `\\` cannot stand in for it.
    let has_scheme = url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if has_scheme || url.starts_with("//") {
        return None;
    }
    Some(encode(url))
}

/// `url` with controls, spaces and characters invalid in URLs
/// percent-encoded.
fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii_control()
            || matches!(
                c,
                ' ' | '"' | '<' | '>' | '`' | '{' | '}' | '|' | '\\' | '^'
            )
        {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A `javascript:` URL (however it is cased or padded): worth a warning
/// when dropped, since its author meant it to run.
pub fn is_script(url: &str) -> bool {
    let trimmed: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(11)
        .collect();
    trimmed.to_ascii_lowercase().starts_with("javascript:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_followable() {
        assert_eq!(
            followable("https://example.org/a b").as_deref(),
            Some("https://example.org/a%20b")
        );
        assert!(followable("mailto:desk@example.org").is_some());
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "img/a.png",
            "#section",
            "https:///nohost",
        ] {
            assert_eq!(followable(bad), None, "{bad}");
        }
        assert!(is_script(" JavaScript:alert(1)"));
        assert_eq!(relative("/a b?q=1#x").as_deref(), Some("/a%20b?q=1#x"));
        assert_eq!(relative("").as_deref(), Some(""));
        assert_eq!(relative("javascript:alert(1)"), None);
        assert_eq!(relative("DATA:text/html,x"), None);
        assert_eq!(relative("//evil.example/x"), None);
        assert_eq!(relative("a/b:c").as_deref(), Some("a/b:c"));
        assert_eq!(relative("foo):").as_deref(), Some("foo):"));
        assert_eq!(relative("localhost:5001/foo"), None);
        assert!(is_script("java\tscript:x"));
        assert!(!is_script("https://example.org/javascript:"));
    }
}
