//! `make run`: the same router as a plain HTTP/1.1 server on 127.0.0.1, plus the demo site. It
//! bounds what a slow or hostile client can hold, and refuses what a web page on another site could
//! send it, so that no page a developer visits can write to their local store.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, header};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use ride_record_schema::max_document_bytes;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

mod connection;

use crate::outcome::Outcome;
use crate::router::{self, RequestId, Router, too_large};
use crate::site::{Site, StaticFile};
use crate::store::RideStore;
use connection::{GuardedConnection, Requests};

/// How long in-flight requests may take to finish once shutdown is asked for.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);
/// After a failed `accept` (out of file descriptors, say), wait instead of spinning.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);
/// A body over the limit is still read, up to this, so a client that writes it all before reading
/// gets its 413 rather than a reset connection.
const DISCARD_LIMIT: usize = 8 * 1024 * 1024;

/// What one client may hold of the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// To send a request's head, and then its body.
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    /// Connections open at once; more wait in the listen backlog.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            max_connections: 256,
        }
    }
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish and closes idle keep-alive
/// connections.
pub async fn serve<S: RideStore + 'static>(
    listener: TcpListener,
    router: Arc<Router<S>>,
    site: Option<Site>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let site = Arc::new(site);
    let request_ids = Arc::new(AtomicU64::new(1));
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    // The head's timeout is the connection's own (`GuardedConnection`), which answers it.
    http.timer(TokioTimer::new()).header_read_timeout(None);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (router, site, request_ids) = (router.clone(), site.clone(), request_ids.clone());
        let requests = Arc::new(Requests::default());
        let answering = requests.clone();
        let service = service_fn(move |request| {
            let request_id = format!("local-{}", request_ids.fetch_add(1, Ordering::Relaxed));
            let (router, site, answering) = (router.clone(), site.clone(), answering.clone());
            async move {
                answering.started();
                let response = answer(router, site, request, request_id, limits.body_read_timeout);
                let response = response.await;
                answering.finished();
                response
            }
        });
        let stream =
            GuardedConnection::new(TokioIo::new(stream), requests, limits.header_read_timeout);
        let connection = graceful.watch(http.serve_connection(stream, service));
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await;
    Ok(())
}

async fn answer<S: RideStore>(
    router: Arc<Router<S>>,
    site: Arc<Option<Site>>,
    request: Request<Incoming>,
    request_id: String,
    body_read_timeout: Duration,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if let Some(refused) = refusal_of_other_sites(&request) {
        return Ok(refused.map(|body| Full::new(Bytes::from(body))));
    }
    if let Some(site) = site.as_ref()
        && let Some(file) = site.file(request.method(), request.uri().path()).await
    {
        return Ok(static_response(file));
    }
    let response = match read_body(request, body_read_timeout).await {
        Ok(mut request) => {
            request.extensions_mut().insert(RequestId(request_id));
            router.handle(request).await
        }
        Err(response) => response,
    };
    Ok(response.map(|body| Full::new(Bytes::from(body))))
}

/// The 403 for a request a web page on another site could make: one sent with another `Host` (DNS
/// rebinding), or a cross-site write (the browser says so in `Sec-Fetch-Site`).
fn refusal_of_other_sites(request: &Request<Incoming>) -> Option<Response<String>> {
    let host = request.headers().get(header::HOST);
    let host = host.map(|host| host.to_str().unwrap_or("not text"));
    let host_name = host.map(|host| host.rsplit_once(':').map_or(host, |(name, _)| name));
    if let Some(name) = host_name
        && !name.eq_ignore_ascii_case("localhost")
        && name != "127.0.0.1"
    {
        let message = "this server answers requests for 127.0.0.1 and localhost only";
        return Some(router::error(Outcome::Forbidden, message));
    }
    let is_read = matches!(
        *request.method(),
        http::Method::GET | http::Method::HEAD | http::Method::OPTIONS
    );
    let cross_site = request
        .headers()
        .get("sec-fetch-site")
        .is_some_and(|site| site.as_bytes() == b"cross-site");
    // Browsers without Sec-Fetch-Site still send the page's Origin with a write.
    let foreign_origin = request
        .headers()
        .get(header::ORIGIN)
        .is_some_and(|origin| !is_origin_of(origin.as_bytes(), host));
    ((cross_site || foreign_origin) && !is_read).then(|| {
        let message = "a page on another site cannot write to this server";
        router::error(Outcome::Forbidden, message)
    })
}

/// Whether `origin` (`http://127.0.0.1:3000`) is the server the request was sent to (`host`).
fn is_origin_of(origin: &[u8], host: Option<&str>) -> bool {
    let origin = String::from_utf8_lossy(origin);
    let authority = origin.strip_prefix("http://");
    authority.is_some_and(|authority| host.is_some_and(|host| authority.eq_ignore_ascii_case(host)))
}

/// Reads at most the document limit within `timeout`. A larger body is refused with 413, after
/// reading and discarding up to DISCARD_LIMIT of it within the same time.
async fn read_body(
    request: Request<Incoming>,
    timeout: Duration,
) -> Result<Request<Bytes>, Response<String>> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    let (parts, mut body) = request.into_parts();
    if let Some(length) = declared.filter(|length| *length > max_document_bytes()) {
        if length <= DISCARD_LIMIT {
            let _ = tokio::time::timeout(timeout, discard(&mut body, DISCARD_LIMIT)).await;
        }
        return Err(closing(too_large(length)));
    }
    let mut collected = Vec::new();
    let read = tokio::time::timeout(timeout, async {
        while let Some(frame) = body.frame().await {
            let data = frame.map_err(|_| ())?.into_data().unwrap_or_default();
            collected.extend_from_slice(&data);
            if collected.len() > max_document_bytes() {
                break;
            }
        }
        Ok::<(), ()>(())
    })
    .await;
    match read {
        Ok(Ok(())) if collected.len() > max_document_bytes() => {
            let _ = tokio::time::timeout(timeout, discard(&mut body, DISCARD_LIMIT)).await;
            Err(closing(too_large(collected.len())))
        }
        Ok(Ok(())) => Ok(Request::from_parts(parts, Bytes::from(collected))),
        Ok(Err(())) => {
            let message = "the request body could not be read";
            Err(router::error(Outcome::UnreadableRequest, message))
        }
        Err(_) => {
            let message = "the request body did not arrive in time";
            Err(closing(router::error(Outcome::Timeout, message)))
        }
    }
}

/// Reads and drops up to `limit` bytes of what is left of `body`.
async fn discard(body: &mut Incoming, limit: usize) {
    let mut discarded = 0;
    while discarded < limit
        && let Some(Ok(frame)) = body.frame().await
    {
        discarded += frame.data_ref().map_or(0, Bytes::len);
    }
}

/// The answer, with the connection closed after it: what is left of the request is not read.
fn closing(mut response: Response<String>) -> Response<String> {
    response
        .headers_mut()
        .insert(header::CONNECTION, http::HeaderValue::from_static("close"));
    response
}

fn static_response(file: StaticFile) -> Response<Full<Bytes>> {
    let headers = file.headers();
    let mut response = Response::new(Full::new(Bytes::from(file.bytes)));
    response.headers_mut().extend(headers);
    response
}
