//! BCP 47 language tags: well-formed, and a primary language e-readers know.

pub enum Verdict {
    Ok,
    /// Well-formed, but the primary subtag is not an ISO 639-1 code.
    Unknown,
    Malformed,
}

/// ISO 639-1 codes (the two-letter languages e-readers recognise).
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// A few common three-letter codes without a two-letter form.
const ISO_639_3: &[&str] = &[
    "fil", "haw", "yue", "cmn", "gsw", "sco", "ast", "ckb", "mul", "und",
];

pub fn check(tag: &str) -> Verdict {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    let well_formed = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if !well_formed {
        return Verdict::Malformed;
    }
    let primary = primary.to_ascii_lowercase();
    let known = match primary.len() {
        2 => ISO_639_1.split(' ').any(|c| c == primary),
        _ => ISO_639_3.contains(&primary.as_str()),
    };
    if known { Verdict::Ok } else { Verdict::Unknown }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert!(matches!(check("en"), Verdict::Ok));
        assert!(matches!(check("pt-BR"), Verdict::Ok));
        assert!(matches!(check("ko-KR"), Verdict::Ok));
        assert!(matches!(check("xx"), Verdict::Unknown));
        assert!(matches!(check("english"), Verdict::Malformed));
        assert!(matches!(check("en_US"), Verdict::Malformed));
    }
}
