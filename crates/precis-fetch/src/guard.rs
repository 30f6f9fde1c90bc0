//! The address guard (SSRF): which IP addresses a fetch may connect to. Checked on the
//! addresses a host name resolves to, right before connecting, so it holds for every redirect
//! too and for DNS names that resolve to private addresses.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};

/// Which addresses may be connected to.
#[derive(Clone, Default)]
pub enum Guard {
    /// Any address (the CLI: a user may summarize their intranet).
    #[default]
    Off,
    /// Public addresses only: no loopback, private, link-local (cloud metadata
    /// `169.254.169.254` among them), carrier-grade NAT, unspecified, multicast, unique-local or
    /// IPv4-mapped private addresses.
    PublicOnly,
    /// A policy of your own: `Some(reason)` refuses the address.
    Custom(Arc<dyn Fn(IpAddr) -> Option<String> + Send + Sync>),
}

impl fmt::Debug for Guard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Guard::Off => "Off",
            Guard::PublicOnly => "PublicOnly",
            Guard::Custom(_) => "Custom",
        })
    }
}

impl Guard {
    /// Why `ip` is refused, if it is.
    pub fn check(&self, ip: IpAddr) -> Option<String> {
        match self {
            Guard::Off => None,
            Guard::PublicOnly => non_public(ip).map(str::to_string),
            Guard::Custom(f) => f(ip),
        }
    }
}

/// The kind of a non-public address ("loopback", "private", "link-local", ...), or `None`.
pub fn non_public(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => non_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return non_public_v4(v4);
            }
            let seg = v6.segments();
            if v6.is_loopback() {
                Some("loopback")
            } else if v6.is_unspecified() {
                Some("unspecified")
            } else if seg[0] & 0xfe00 == 0xfc00 {
                Some("unique-local (private)")
            } else if seg[0] & 0xffc0 == 0xfe80 {
                Some("link-local")
            } else if seg[0] & 0xff00 == 0xff00 {
                Some("multicast")
            } else if seg[0] == 0x64 && seg[1] == 0xff9b {
                // NAT64: the embedded IPv4 address decides.
                let v4 = Ipv4Addr::new(
                    (seg[6] >> 8) as u8,
                    seg[6] as u8,
                    (seg[7] >> 8) as u8,
                    seg[7] as u8,
                );
                non_public_v4(v4)
            } else if v6 == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
                Some("cloud metadata")
            } else {
                None
            }
        }
    }
}

fn non_public_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let o = ip.octets();
    if ip == Ipv4Addr::new(169, 254, 169, 254) || ip == Ipv4Addr::new(100, 100, 100, 200) {
        Some("cloud metadata")
    } else if ip.is_loopback() {
        Some("loopback")
    } else if ip.is_private() {
        Some("private")
    } else if ip.is_link_local() {
        Some("link-local")
    } else if ip.is_unspecified() || o[0] == 0 {
        Some("unspecified")
    } else if o[0] == 100 && (o[1] & 0xc0) == 64 {
        Some("carrier-grade NAT (private)")
    } else if ip.is_multicast() || ip.is_broadcast() || o[0] >= 240 {
        Some("multicast or reserved")
    } else if o[0] == 192 && o[1] == 0 && o[2] == 0 {
        Some("IETF protocol assignment")
    } else {
        None
    }
}

/// The default resolver, then the guard on every address it returns.
#[derive(Debug)]
pub(crate) struct GuardedResolver {
    pub(crate) inner: DefaultResolver,
    pub(crate) guard: Guard,
}

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = self.inner.resolve(uri, config, timeout)?;
        for a in &addrs {
            if let Some(why) = self.guard.check(a.ip()) {
                let host = uri.host().unwrap_or("");
                return Err(ureq::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!("{BLOCKED}: {host} resolves to {}, a {why} address", a.ip()),
                )));
            }
        }
        Ok(addrs)
    }
}

/// The start of the message of a refused address.
pub(crate) const BLOCKED: &str = "address not allowed";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for (ip, want) in [
            ("127.0.0.1", Some("loopback")),
            ("10.1.2.3", Some("private")),
            ("172.16.0.1", Some("private")),
            ("172.31.255.255", Some("private")),
            ("192.168.1.1", Some("private")),
            ("169.254.169.254", Some("cloud metadata")),
            ("169.254.1.1", Some("link-local")),
            ("0.0.0.0", Some("unspecified")),
            ("100.64.0.1", Some("carrier-grade NAT (private)")),
            ("::1", Some("loopback")),
            ("fc00::1", Some("unique-local (private)")),
            ("fd12:3456::1", Some("unique-local (private)")),
            ("fe80::1", Some("link-local")),
            ("::ffff:127.0.0.1", Some("loopback")),
            ("::ffff:10.0.0.1", Some("private")),
            ("64:ff9b::a00:1", Some("private")),
            ("172.32.0.1", None),
            ("8.8.8.8", None),
            ("2001:4860:4860::8888", None),
        ] {
            let ip: IpAddr = ip.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
            assert_eq!(non_public(ip), want, "{ip}");
        }
    }
}
