//! series.yaml `delivery:`: who the email edition is from, and the SMTP
//! server `pressrun send` hands it to. The password is never here: the
//! CLI reads it from `PRESSRUN_SMTP_PASSWORD`.

/// The email edition's sender and server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// `From:`, an RFC 5322 mailbox (`Name <desk@example.org>` or a bare address).
    pub from: String,
    /// `Reply-To:`, when replies go elsewhere.
    pub reply_to: Option<String>,
    /// `List-Unsubscribe:` targets, each `https://…` or `mailto:…`.
    pub list_unsubscribe: Vec<String>,
    /// The submission server; `None` when the series only builds emails.
    pub smtp: Option<Smtp>,
}

/// An SMTP submission server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Login name; the password comes from the environment.
    pub username: Option<String>,
}

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which must be offered (port 587).
    StartTls,
    /// TLS from the first byte ("implicit TLS", port 465).
    Tls,
    /// No encryption: only for a relay on this machine.
    None,
}

impl Security {
    /// The port a server of this kind usually listens on.
    pub fn default_port(self) -> u16 {
        match self {
            Self::StartTls => 587,
            Self::Tls => 465,
            Self::None => 25,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::StartTls => "starttls",
            Self::Tls => "tls",
            Self::None => "none",
        }
    }
}
