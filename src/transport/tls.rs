//! TLS for the agent: ureq's connector chain (CONNECT proxy, TCP) with our own rustls step,
//! so that trust is paid for only when it is used. Roots are loaded when the first TLS
//! connection is about to be made — never for plain http — once per agent (one per process),
//! and only from the sources that apply; with `SSL_CERT_FILE` / `SSL_CERT_DIR`, a verifier
//! hands webpki just the roots that can sign the presented chain (see `roots`).
//!
//! Everything else is what ureq's own rustls connector does — all TLS versions, SNI, no
//! client certificate, rustls' webpki verification — except the ring provider, which is cut
//! to what Atlas's endpoints negotiate (decision `tls-suites`; see `provider`).

use super::roots::{Roots, Sources, TrustError};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{
    CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::sign::SigningKey;
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, StreamOwned};
use std::io::{Read, Write};
use std::sync::{Arc, OnceLock};
use ureq::unversioned::transport::time::{Duration, Instant};
use ureq::unversioned::transport::{
    Buffers, ConnectProxyConnector, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout,
    TcpConnector, Transport, TransportAdapter,
};

/// Which roots to trust, and the rustls configuration once it has been needed.
#[derive(Debug)]
pub struct Trust {
    sources: Option<Sources>,
    config: OnceLock<Result<Arc<ClientConfig>, TrustError>>,
}

impl Trust {
    /// `None`: the compiled-in Mozilla roots.
    pub fn new(sources: Option<Sources>) -> Trust {
        Trust {
            sources,
            config: OnceLock::new(),
        }
    }

    /// The rustls configuration, built (and the roots loaded) on first use.
    fn client_config(&self) -> Result<Arc<ClientConfig>, TrustError> {
        self.config
            .get_or_init(|| build_config(self.sources.as_ref()))
            .clone()
    }
}

/// rustls' ring provider without what Atlas never negotiates, so that it is not linked
/// (decision `tls-suites`): the AES-GCM suites of TLS 1.3 and, with ECDHE, of TLS 1.2 (no
/// ChaCha20-Poly1305), all three key-exchange groups and every signature algorithm webpki
/// verifies, as before; no private keys (we present no client certificate), which keeps
/// ring's RSA/ECDSA/Ed25519 signing out of the binary.
fn provider() -> CryptoProvider {
    use rustls::crypto::ring::{cipher_suite as cs, kx_group};
    CryptoProvider {
        cipher_suites: vec![
            cs::TLS13_AES_256_GCM_SHA384,
            cs::TLS13_AES_128_GCM_SHA256,
            cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            cs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ],
        kx_groups: vec![kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1],
        signature_verification_algorithms: ALGORITHMS,
        secure_random: SECURE_RANDOM,
        key_provider: &NoKeys,
    }
}

/// rustls' ring provider's signature algorithms (`SUPPORTED_SIG_ALGS`, which is private),
/// in its order; `algorithms_match_rustls` checks them against it.
static ALGORITHMS: WebPkiSupportedAlgorithms = {
    use rustls::SignatureScheme as S;
    use webpki::ring as alg;
    WebPkiSupportedAlgorithms {
        all: &[
            alg::ECDSA_P256_SHA256,
            alg::ECDSA_P256_SHA384,
            alg::ECDSA_P384_SHA256,
            alg::ECDSA_P384_SHA384,
            alg::ED25519,
            alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
            alg::RSA_PKCS1_2048_8192_SHA256,
            alg::RSA_PKCS1_2048_8192_SHA384,
            alg::RSA_PKCS1_2048_8192_SHA512,
            alg::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
        ],
        mapping: &[
            // For TLS 1.2 the curve is not fixed by the scheme; for TLS 1.3 it is.
            (
                S::ECDSA_NISTP384_SHA384,
                &[alg::ECDSA_P384_SHA384, alg::ECDSA_P256_SHA384],
            ),
            (
                S::ECDSA_NISTP256_SHA256,
                &[alg::ECDSA_P256_SHA256, alg::ECDSA_P384_SHA256],
            ),
            (S::ED25519, &[alg::ED25519]),
            (
                S::RSA_PSS_SHA512,
                &[alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
            ),
            (
                S::RSA_PSS_SHA384,
                &[alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
            ),
            (
                S::RSA_PSS_SHA256,
                &[alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
            ),
            (S::RSA_PKCS1_SHA512, &[alg::RSA_PKCS1_2048_8192_SHA512]),
            (S::RSA_PKCS1_SHA384, &[alg::RSA_PKCS1_2048_8192_SHA384]),
            (S::RSA_PKCS1_SHA256, &[alg::RSA_PKCS1_2048_8192_SHA256]),
        ],
    }
};

/// The OS random source through ring, as rustls' ring provider's own.
pub const SECURE_RANDOM: &dyn SecureRandom = &Random;

#[derive(Debug)]
struct Random;

impl SecureRandom for Random {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        use ring::rand::SecureRandom as _;
        ring::rand::SystemRandom::new()
            .fill(buf)
            .map_err(|_| GetRandomFailed)
    }
}

/// Refuses every private key: a client certificate is never configured.
#[derive(Debug)]
struct NoKeys;

impl KeyProvider for NoKeys {
    fn load_private_key(
        &self,
        _: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn SigningKey>, rustls::Error> {
        Err(rustls::Error::General(
            "client keys are not supported".into(),
        ))
    }
}

fn build_config(sources: Option<&Sources>) -> Result<Arc<ClientConfig>, TrustError> {
    let provider = Arc::new(provider());
    let algorithms = provider.signature_verification_algorithms;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(|e| TrustError::Setup(e.to_string()))?;
    let builder = match sources {
        None => builder.with_root_certificates(RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        }),
        Some(sources) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Verifier {
                roots: Roots::load(sources)?,
                algorithms,
            })),
    };
    Ok(Arc::new(builder.with_no_client_auth()))
}

/// rustls' `WebPkiServerVerifier` (without CRLs, as configured before) over the roots
/// that can sign the presented chain, chosen per handshake.
#[derive(Debug)]
struct Verifier {
    roots: Roots,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The steps of WebPkiServerVerifier::verify_server_cert, in its order.
        let cert = rustls::server::ParsedCertificate::try_from(end_entity)?;
        let presented: Vec<&[u8]> = std::iter::once(end_entity)
            .chain(intermediates)
            .map(|c| c.as_ref())
            .collect();
        let anchors = self.roots.anchors_for(&presented);
        rustls::client::verify_server_cert_signed_by_trust_anchor(
            &cert,
            &anchors,
            intermediates,
            now,
            self.algorithms.all,
        )?;
        rustls::client::verify_server_name(&cert, server_name)?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// The verifier for `SSL_CERT_FILE` / `SSL_CERT_DIR` roots, for tests that compare it with
/// rustls' own: `Err` when the roots cannot be loaded.
pub fn env_roots_verifier(sources: &Sources) -> Result<Arc<dyn ServerCertVerifier>, TrustError> {
    Ok(Arc::new(Verifier {
        roots: Roots::load(sources)?,
        algorithms: ALGORITHMS,
    }))
}

/// The connector chain: trust first (before a socket opens, so a bad bundle is the error
/// even when the server is down), then ureq's CONNECT proxy and TCP steps, then TLS.
pub fn connector(trust: Trust) -> impl Connector {
    let trust = Arc::new(trust);
    LoadTrust(trust.clone())
        .chain(ConnectProxyConnector::default())
        .chain(TcpConnector::default())
        .chain(TlsConnector(trust))
}

fn trust_error(e: TrustError) -> ureq::Error {
    ureq::Error::Other(Box::new(e))
}

/// Loads the roots when the connection being made will need TLS.
#[derive(Debug)]
struct LoadTrust(Arc<Trust>);

impl Connector<()> for LoadTrust {
    type Out = ();

    fn connect(
        &self,
        details: &ConnectionDetails,
        _: Option<()>,
    ) -> Result<Option<()>, ureq::Error> {
        if details.needs_tls() {
            self.0.client_config().map_err(trust_error)?;
        }
        Ok(None)
    }
}

/// Wraps the connection in TLS when the URL is https.
#[derive(Debug)]
struct TlsConnector(Arc<Trust>);

impl<In: Transport> Connector<In> for TlsConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let config = self.0.client_config().map_err(trust_error)?;
        let host = details.uri.host().unwrap_or_default();
        let host = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        let name = ServerName::try_from(host)
            .map_err(|_| ureq::Error::Tls("Rustls invalid dns name error"))?
            .to_owned();
        let mut conn = ClientConnection::new(config, name)?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(remaining(details));
        conn.complete_io(&mut sock)?;
        Ok(Some(Either::B(TlsTransport {
            buffers: LazyBuffers::new(
                details.config.input_buffer_size(),
                details.config.output_buffer_size(),
            ),
            stream: StreamOwned { conn, sock },
        })))
    }
}

/// The connect timeout less what the earlier steps (proxy, TCP) used of it.
fn remaining(details: &ConnectionDetails) -> NextTimeout {
    let mut timeout = details.timeout;
    if let (Duration::Exact(limit), Instant::Exact(start), Instant::Exact(now)) =
        (timeout.after, details.now, (details.current_time)())
    {
        timeout.after = Duration::Exact(limit.saturating_sub(now.saturating_duration_since(start)));
    }
    timeout
}

pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsTransport").finish()
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output =
            self.buffers.output().get(..amount).ok_or_else(|| {
                std::io::Error::other("the request is larger than the output buffer")
            })?;
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our copy of the ring provider's signature algorithms is the provider's own, so
    /// that verification accepts exactly what it did with the full provider.
    #[test]
    fn algorithms_match_rustls() {
        let full = rustls::crypto::ring::default_provider().signature_verification_algorithms;
        assert_eq!(format!("{ALGORITHMS:?}"), format!("{full:?}"));
    }

    /// Only AES-GCM suites with ECDHE (TLS 1.2) or TLS 1.3, every group of the full
    /// provider, and no private key accepted.
    #[test]
    fn provider_offers_what_atlas_negotiates() {
        let ours = provider();
        let names: Vec<String> = ours
            .cipher_suites
            .iter()
            .map(|s| format!("{:?}", s.suite()))
            .collect();
        assert_eq!(
            names,
            [
                "TLS13_AES_256_GCM_SHA384",
                "TLS13_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            ]
        );
        let full = rustls::crypto::ring::default_provider();
        let groups = |p: &CryptoProvider| -> Vec<String> {
            p.kx_groups
                .iter()
                .map(|g| format!("{:?}", g.name()))
                .collect()
        };
        assert_eq!(groups(&ours), groups(&full));
        let key = PrivateKeyDer::Pkcs8(Vec::from(&b"\x30\x00"[..]).into());
        assert!(ours.key_provider.load_private_key(key).is_err());
        let mut buf = [0u8; 32];
        assert!(SECURE_RANDOM.fill(&mut buf).is_ok());
        assert_ne!(buf, [0u8; 32]);
    }
}
