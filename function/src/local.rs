//! `make run`: the same router as a plain HTTP/1.1 server on 127.0.0.1, plus the demo site.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use ride_record_schema::MAX_DOCUMENT_BYTES;
use tokio::net::TcpListener;
use tokio::task::JoinSet;

use crate::router::{self, RequestId, Router, too_large};
use crate::site::{Site, StaticFile};
use crate::store::RideStore;

/// How long in-flight requests may take to finish once shutdown is asked for.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve<S: RideStore + 'static>(
    listener: TcpListener,
    router: Arc<Router<S>>,
    site: Option<Site>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let site = Arc::new(site);
    let request_ids = Arc::new(AtomicU64::new(1));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let (router, site, request_ids) = (router.clone(), site.clone(), request_ids.clone());
                let service = service_fn(move |request| {
                    let request_id = format!("local-{}", request_ids.fetch_add(1, Ordering::Relaxed));
                    answer(router.clone(), site.clone(), request, request_id)
                });
                connections.spawn(async move {
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
            () = &mut shutdown => break,
        }
        while connections.try_join_next().is_some() {}
    }
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    Ok(())
}

async fn answer<S: RideStore>(
    router: Arc<Router<S>>,
    site: Arc<Option<Site>>,
    request: Request<Incoming>,
    request_id: String,
) -> Result<Response<Full<Bytes>>, Infallible> {
    if let Some(site) = site.as_ref()
        && let Some(file) = site.file(request.method(), request.uri().path()).await
    {
        return Ok(static_response(file));
    }
    let response = match read_body(request).await {
        Ok(mut request) => {
            request.extensions_mut().insert(RequestId(request_id));
            router.handle(request).await
        }
        Err(response) => response,
    };
    Ok(response.map(|body| Full::new(Bytes::from(body))))
}

/// Reads at most the document limit: a larger body is refused before it is read in full.
async fn read_body(request: Request<Incoming>) -> Result<Request<Bytes>, Response<String>> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    if let Some(length) = declared.filter(|length| *length > MAX_DOCUMENT_BYTES) {
        return Err(too_large(length));
    }
    let (parts, body) = request.into_parts();
    match Limited::new(body, MAX_DOCUMENT_BYTES).collect().await {
        Ok(collected) => Ok(Request::from_parts(parts, collected.to_bytes())),
        Err(error) if error.is::<http_body_util::LengthLimitError>() => {
            Err(too_large(MAX_DOCUMENT_BYTES + 1))
        }
        Err(_) => {
            let message = "the request body could not be read";
            Err(router::error(
                StatusCode::BAD_REQUEST,
                "unreadableBody",
                message,
            ))
        }
    }
}

fn static_response(file: StaticFile) -> Response<Full<Bytes>> {
    let headers = file.headers();
    let mut response = Response::new(Full::new(Bytes::from(file.bytes)));
    response.headers_mut().extend(headers);
    response
}
