//! Handing finished messages to an SMTP submission server (lettre over
//! rustls). Certificates are always verified: against Mozilla's roots, plus
//! one extra root the caller may give (a test server's own CA).

use std::str::FromStr;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};

use crate::model::{Security, Smtp};

/// How to reach the server; the password is the caller's to find.
pub struct Server<'a> {
    pub smtp: &'a Smtp,
    pub password: Option<&'a str>,
    /// An extra trusted root certificate, PEM.
    pub extra_root: Option<&'a [u8]>,
    pub timeout: Duration,
}

/// A configured SMTP client; each [`Mailer::send`] is one session.
pub struct Mailer {
    transport: SmtpTransport,
}

impl Mailer {
    pub fn new(server: &Server<'_>) -> Result<Self, String> {
        let smtp = server.smtp;
        let tls = || -> Result<TlsParameters, String> {
            let mut b = TlsParameters::builder(smtp.host.clone());
            if let Some(pem) = server.extra_root {
                let cert = Certificate::from_pem(pem)
                    .map_err(|e| format!("the extra root certificate does not load: {e}"))?;
                b = b.add_root_certificate(cert);
            }
            b.build_rustls()
                .map_err(|e| format!("cannot set up TLS: {e}"))
        };
        let tls = match smtp.security {
            Security::StartTls => Tls::Required(tls()?),
            Security::Tls => Tls::Wrapper(tls()?),
            Security::None => Tls::None,
        };
        let mut b = SmtpTransport::builder_dangerous(smtp.host.clone())
            .port(smtp.port)
            .tls(tls)
            .timeout(Some(server.timeout));
        match (&smtp.username, server.password) {
            (Some(user), Some(pass)) => {
                b = b.credentials(Credentials::new(user.clone(), pass.to_owned()));
            }
            (Some(user), None) => {
                return Err(format!(
                    "delivery.smtp.username is `{user}` but no password was given"
                ));
            }
            (None, _) => {}
        }
        Ok(Self {
            transport: b.build(),
        })
    }

    /// Sends one message from `from` to `to` (mailboxes); Ok holds the
    /// server's acceptance, Err its answer (or why it could not be reached).
    pub fn send(&self, from: &str, to: &str, message: &[u8]) -> Result<String, String> {
        let address = |s: &str| {
            Mailbox::from_str(s)
                .map(|m| m.email)
                .map_err(|e| format!("`{s}` is not an email address: {e}"))
        };
        let envelope = Envelope::new(Some(address(from)?), vec![address(to)?])
            .map_err(|e| format!("cannot address the message: {e}"))?;
        match self.transport.send_raw(&envelope, message) {
            Ok(r) => Ok(format!(
                "{} {}",
                r.code(),
                r.message().collect::<Vec<_>>().join(" ")
            )),
            Err(e) => Err(e.to_string()),
        }
    }
}
