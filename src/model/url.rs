//! The one URL policy every edition follows: which link targets a reader
//! may follow. The EPUB writes them as `href`s, the PDF as link
//! annotations; anything else (javascript:, data:, file:, relative paths
//! that mean nothing outside the source folder) is kept as plain text.

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
    Some(out)
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
        assert!(is_script("java\tscript:x"));
        assert!(!is_script("https://example.org/javascript:"));
    }
}
