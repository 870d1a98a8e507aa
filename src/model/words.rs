//! The few words pressrun sets itself (bylines, "Issue 34", dates, "In
//! this issue", "Further reading", folios…), in the issue's language when
//! it is one of those below, else in English. Everything else on the page
//! is the user's own text.

use time::Month;

/// A language pressrun has words for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    En,
    De,
    Es,
    Fr,
    It,
    Ja,
    Ko,
    Pt,
    Zh,
}

impl Words {
    /// The words for a BCP 47 tag (its primary language subtag).
    pub fn for_language(tag: &str) -> Self {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "de" => Self::De,
            "es" => Self::Es,
            "fr" => Self::Fr,
            "it" => Self::It,
            "ja" => Self::Ja,
            "ko" => Self::Ko,
            "pt" => Self::Pt,
            "zh" => Self::Zh,
            _ => Self::En,
        }
    }

    /// "By Mina Cho and Daniel Reyes", or `None` without authors.
    pub fn byline(self, authors: &[String]) -> Option<String> {
        if authors.is_empty() {
            return None;
        }
        let names = self.list(authors);
        Some(match self {
            Self::En => format!("By {names}"),
            Self::De => format!("Von {names}"),
            Self::Es => format!("Por {names}"),
            Self::Fr => format!("Par {names}"),
            Self::It => format!("Di {names}"),
            Self::Pt => format!("Por {names}"),
            Self::Ja => format!("文・{names}"),
            Self::Ko => format!("글 {names}"),
            Self::Zh => format!("文／{names}"),
        })
    }

    /// Names joined as the language lists them ("A, B, and C", "A und B").
    pub fn list(self, names: &[String]) -> String {
        let (and, serial) = match self {
            Self::En => (" and ", ","),
            Self::De => (" und ", ""),
            Self::Es => (" y ", ""),
            Self::Fr => (" et ", ""),
            Self::It => (" e ", ""),
            Self::Pt => (" e ", ""),
            Self::Ja | Self::Zh => return names.join("、"),
            Self::Ko => return names.join(", "),
        };
        match names {
            [] => String::new(),
            [a] => a.clone(),
            [a, b] => format!("{a}{and}{b}"),
            [rest @ .., last] => format!("{}{serial}{and}{last}", rest.join(", ")),
        }
    }

    /// "Issue 34"; a label that is not a number stands alone in the
    /// languages that wrap the number ("특별호", not "제특별호호").
    pub fn issue(self, number: &super::IssueNumber) -> String {
        let label = number.to_string();
        let numeric = label.starts_with(|c: char| c.is_ascii_digit());
        match self {
            Self::En => format!("Issue {label}"),
            Self::De => format!("Ausgabe {label}"),
            Self::Es => format!("Número {label}"),
            Self::Fr => format!("Numéro {label}"),
            Self::It => format!("Numero {label}"),
            Self::Pt => format!("Edição {label}"),
            Self::Ja | Self::Ko | Self::Zh if !numeric => label,
            Self::Ja => format!("第{label}号"),
            Self::Ko => format!("제{label}호"),
            Self::Zh => format!("第{label}期"),
        }
    }

    /// "August 28, 2018", "28. August 2018", "2018년 8월 28일"…
    pub fn date(self, d: time::Date) -> String {
        let (y, m, day) = (d.year(), d.month(), d.day());
        let n = u8::from(m);
        match self {
            Self::En => format!("{m} {day}, {y}"),
            Self::De => format!("{day}. {} {y}", month(self, m)),
            Self::Es | Self::Pt => format!("{day} de {} de {y}", month(self, m)),
            Self::Fr if day == 1 => format!("1er {} {y}", month(self, m)),
            Self::Fr | Self::It => format!("{day} {} {y}", month(self, m)),
            Self::Ja | Self::Zh => format!("{y}年{n}月{day}日"),
            Self::Ko => format!("{y}년 {n}월 {day}일"),
        }
    }

    /// The lead's kind when the manifest gives none: "Commentary".
    pub fn lead_kind(self) -> &'static str {
        match self {
            Self::En => "Commentary",
            Self::De => "Kommentar",
            Self::Es => "Comentario",
            Self::Fr => "Commentaire",
            Self::It => "Commento",
            Self::Pt => "Comentário",
            Self::Ja => "論評",
            Self::Ko => "논평",
            Self::Zh => "评论",
        }
    }

    /// The contents heading: "In this issue".
    pub fn in_this_issue(self) -> &'static str {
        match self {
            Self::En => "In this issue",
            Self::De => "In dieser Ausgabe",
            Self::Es => "En este número",
            Self::Fr => "Dans ce numéro",
            Self::It => "In questo numero",
            Self::Pt => "Nesta edição",
            Self::Ja => "今号の内容",
            Self::Ko => "이번 호",
            Self::Zh => "本期内容",
        }
    }

    /// Running head of contents pages after the first.
    pub fn contents_continued(self) -> String {
        let more = match self {
            Self::En => "continued",
            Self::De => "Fortsetzung",
            Self::Es => "continuación",
            Self::Fr => "suite",
            Self::It => "continua",
            Self::Pt => "continuação",
            Self::Ja => "続き",
            Self::Ko => "계속",
            Self::Zh => "续",
        };
        format!("{} ({more})", self.in_this_issue())
    }

    /// The email footer's unsubscribe link.
    pub fn unsubscribe(self) -> &'static str {
        match self {
            Self::En => "Unsubscribe",
            Self::De => "Abbestellen",
            Self::Es => "Cancelar la suscripción",
            Self::Fr => "Se désabonner",
            Self::It => "Annulla l’iscrizione",
            Self::Pt => "Cancelar a inscrição",
            Self::Ja => "配信停止",
            Self::Ko => "구독 취소",
            Self::Zh => "退订",
        }
    }

    /// The closing links' heading.
    pub fn further_reading(self) -> &'static str {
        match self {
            Self::En => "Further reading",
            Self::De => "Weiterlesen",
            Self::Es => "Para seguir leyendo",
            Self::Fr => "Pour aller plus loin",
            Self::It => "Per approfondire",
            Self::Pt => "Para saber mais",
            Self::Ja => "関連リンク",
            Self::Ko => "더 읽을거리",
            Self::Zh => "延伸阅读",
        }
    }

    /// "Read the original at The Hill" (or "at the source" without an
    /// outlet), before the link.
    pub fn read_original(self, outlet: Option<&str>) -> String {
        match (self, outlet) {
            (Self::En, Some(o)) => format!("Read the original at {o}"),
            (Self::En, None) => "Read the original at the source".to_owned(),
            (Self::De, Some(o)) => format!("Original bei {o}"),
            (Self::De, None) => "Zum Original".to_owned(),
            (Self::Es, Some(o)) => format!("Lea el original en {o}"),
            (Self::Es, None) => "Lea el original".to_owned(),
            (Self::Fr, Some(o)) => format!("Lire l’original sur {o}"),
            (Self::Fr, None) => "Lire l’original".to_owned(),
            (Self::It, Some(o)) => format!("Leggi l’originale su {o}"),
            (Self::It, None) => "Leggi l’originale".to_owned(),
            (Self::Pt, Some(o)) => format!("Leia o original em {o}"),
            (Self::Pt, None) => "Leia o original".to_owned(),
            (Self::Ja, Some(o)) => format!("原文（{o}）"),
            (Self::Ja, None) => "原文".to_owned(),
            (Self::Ko, Some(o)) => format!("원문({o})"),
            (Self::Ko, None) => "원문".to_owned(),
            (Self::Zh, Some(o)) => format!("原文（{o}）"),
            (Self::Zh, None) => "原文".to_owned(),
        }
    }

    /// "Read the full article at The National Interest": the link under
    /// a lead that appeared elsewhere (the web edition's closing line).
    pub fn read_full_article(self, outlet: Option<&str>) -> String {
        match (self, outlet) {
            (Self::En, Some(o)) => format!("Read the full article at {o}"),
            (Self::En, None) => "Read the full article".to_owned(),
            (Self::De, Some(o)) => format!("Den ganzen Artikel bei {o} lesen"),
            (Self::De, None) => "Den ganzen Artikel lesen".to_owned(),
            (Self::Es, Some(o)) => format!("Lea el artículo completo en {o}"),
            (Self::Es, None) => "Lea el artículo completo".to_owned(),
            (Self::Fr, Some(o)) => format!("Lire l’article complet sur {o}"),
            (Self::Fr, None) => "Lire l’article complet".to_owned(),
            (Self::It, Some(o)) => format!("Leggi l’articolo completo su {o}"),
            (Self::It, None) => "Leggi l’articolo completo".to_owned(),
            (Self::Pt, Some(o)) => format!("Leia o artigo completo em {o}"),
            (Self::Pt, None) => "Leia o artigo completo".to_owned(),
            (Self::Ja, _) | (Self::Ko, _) | (Self::Zh, _) => self.read_original(outlet),
        }
    }

    /// Separator between a label and what it introduces (": ", "：").
    pub fn colon(self) -> &'static str {
        match self {
            Self::Fr => " : ",
            Self::Ja | Self::Zh => "：",
            _ => ": ",
        }
    }

    /// "First published in " before the lead's outlet.
    pub fn first_published_in(self) -> &'static str {
        match self {
            Self::En => "First published in ",
            Self::De => "Zuerst erschienen in ",
            Self::Es => "Publicado originalmente en ",
            Self::Fr => "Paru d’abord dans ",
            Self::It => "Pubblicato originariamente su ",
            Self::Pt => "Publicado originalmente em ",
            Self::Ja => "初出：",
            Self::Ko => "처음 실린 곳: ",
            Self::Zh => "首发于：",
        }
    }

    /// The masthead's "Editors: Ada Park, Tomás Ibáñez".
    pub fn editors(self, names: &[String]) -> String {
        match (self, names) {
            (Self::En, [one]) => format!("Editor: {one}"),
            (Self::En, many) => format!("Editors: {}", many.join(", ")),
            _ => self.edited_by(names),
        }
    }

    /// "Edited by Ada Park and Tomás Ibáñez".
    pub fn edited_by(self, names: &[String]) -> String {
        let names = self.list(names);
        match self {
            Self::En => format!("Edited by {names}"),
            Self::De => format!("Herausgegeben von {names}"),
            Self::Es => format!("Edición de {names}"),
            Self::Fr => format!("Édité par {names}"),
            Self::It => format!("A cura di {names}"),
            Self::Pt => format!("Editado por {names}"),
            Self::Ja => format!("編集：{names}"),
            Self::Ko => format!("편집: {names}"),
            Self::Zh => format!("编辑：{names}"),
        }
    }

    /// Folio: "2 of 6".
    pub fn page_of(self, n: usize, total: usize) -> String {
        match self {
            Self::En => format!("{n} of {total}"),
            Self::De => format!("{n} von {total}"),
            Self::Es | Self::Pt => format!("{n} de {total}"),
            Self::Fr => format!("{n} sur {total}"),
            Self::It => format!("{n} di {total}"),
            Self::Ja | Self::Ko | Self::Zh => format!("{n} / {total}"),
        }
    }

    /// The colophon's page count: "6 pages".
    pub fn pages(self, n: usize) -> String {
        let one = n == 1;
        match self {
            Self::En => format!("{n} page{}", if one { "" } else { "s" }),
            Self::De => format!("{n} Seite{}", if one { "" } else { "n" }),
            Self::Es | Self::Pt => format!("{n} página{}", if one { "" } else { "s" }),
            Self::Fr => format!("{n} page{}", if one { "" } else { "s" }),
            Self::It => format!("{n} pagin{}", if one { "a" } else { "e" }),
            Self::Ja => format!("{n}ページ"),
            Self::Ko => format!("{n}쪽"),
            Self::Zh => format!("{n}页"),
        }
    }

    /// The colophon's note that the PDF's links work.
    pub fn links_live(self) -> &'static str {
        match self {
            Self::En => "links in this PDF are live",
            Self::De => "Links in diesem PDF sind anklickbar",
            Self::Es => "los enlaces de este PDF funcionan",
            Self::Fr => "les liens de ce PDF sont actifs",
            Self::It => "i link di questo PDF sono attivi",
            Self::Pt => "os links deste PDF funcionam",
            Self::Ja => "このPDFのリンクはクリックできます",
            Self::Ko => "이 PDF의 링크는 누를 수 있습니다",
            Self::Zh => "本PDF中的链接可点击",
        }
    }

    /// The EPUB's table of contents.
    pub fn contents(self) -> &'static str {
        match self {
            Self::En => "Contents",
            Self::De => "Inhalt",
            Self::Es => "Índice",
            Self::Fr => "Sommaire",
            Self::It => "Indice",
            Self::Pt => "Sumário",
            Self::Ja => "目次",
            Self::Ko => "차례",
            Self::Zh => "目录",
        }
    }

    /// The heading of an EPUB page's footnotes.
    pub fn notes(self) -> &'static str {
        match self {
            Self::En | Self::Fr => "Notes",
            Self::De => "Anmerkungen",
            Self::Es | Self::Pt => "Notas",
            Self::It => "Note",
            Self::Ja => "注",
            Self::Ko => "주",
            Self::Zh => "注释",
        }
    }

    /// EPUB pager: "Previous", "Next".
    pub fn previous_next(self) -> (&'static str, &'static str) {
        match self {
            Self::En => ("Previous", "Next"),
            Self::De => ("Zurück", "Weiter"),
            Self::Es => ("Anterior", "Siguiente"),
            Self::Fr => ("Précédent", "Suivant"),
            Self::It => ("Precedente", "Successivo"),
            Self::Pt => ("Anterior", "Seguinte"),
            Self::Ja => ("前へ", "次へ"),
            Self::Ko => ("이전", "다음"),
            Self::Zh => ("上一篇", "下一篇"),
        }
    }
}

fn month(w: Words, m: Month) -> &'static str {
    let i = usize::from(u8::from(m)) - 1;
    let names: [&str; 12] = match w {
        Words::De => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        Words::Es => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        Words::Fr => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        Words::It => [
            "gennaio",
            "febbraio",
            "marzo",
            "aprile",
            "maggio",
            "giugno",
            "luglio",
            "agosto",
            "settembre",
            "ottobre",
            "novembre",
            "dicembre",
        ],
        Words::Pt => [
            "janeiro",
            "fevereiro",
            "março",
            "abril",
            "maio",
            "junho",
            "julho",
            "agosto",
            "setembro",
            "outubro",
            "novembro",
            "dezembro",
        ],
        _ => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    };
    names.get(i).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IssueNumber;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn english_is_the_default_and_unchanged() {
        let w = Words::for_language("en-US");
        assert_eq!(Words::for_language("nl"), Words::En);
        assert_eq!(w.byline(&names(&["A"])).as_deref(), Some("By A"));
        assert_eq!(w.byline(&names(&["A", "B"])).as_deref(), Some("By A and B"));
        assert_eq!(
            w.byline(&names(&["A", "B", "C"])).as_deref(),
            Some("By A, B, and C")
        );
        assert_eq!(w.byline(&[]), None);
        let d = time::Date::from_calendar_date(2018, Month::August, 28).expect("date");
        assert_eq!(w.date(d), "August 28, 2018");
        assert_eq!(w.issue(&IssueNumber::Number(34)), "Issue 34");
        assert_eq!(w.page_of(2, 6), "2 of 6");
    }

    #[test]
    fn other_languages_have_their_own_forms() {
        let d = time::Date::from_calendar_date(2025, Month::March, 1).expect("date");
        assert_eq!(Words::for_language("ko").date(d), "2025년 3월 1일");
        let ko = Words::for_language("ko-KR");
        assert_eq!(ko.issue(&IssueNumber::Number(34)), "제34호");
        assert_eq!(ko.issue(&IssueNumber::Label("특별호".into())), "특별호");
        assert_eq!(ko.issue(&IssueNumber::Label("34b".into())), "제34b호");
        assert_eq!(Words::for_language("fr").date(d), "1er mars 2025");
        assert_eq!(Words::for_language("de").date(d), "1. März 2025");
        assert_eq!(Words::for_language("es").date(d), "1 de marzo de 2025");
        assert_eq!(Words::for_language("ja").date(d), "2025年3月1日");
        assert_eq!(
            Words::for_language("de")
                .byline(&names(&["A", "B", "C"]))
                .as_deref(),
            Some("Von A, B und C")
        );
        assert_eq!(
            Words::for_language("zh-Hant")
                .byline(&names(&["甲", "乙"]))
                .as_deref(),
            Some("文／甲、乙")
        );
    }
}
