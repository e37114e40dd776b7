//! The reference merchant backend for the checkout widget, with an embedded AMS sandbox.
//!
//! A library so integration tests can run the whole server in-process; `main.rs` only parses
//! the flags and calls [`start`].

pub mod ams_client;
pub mod config;
pub mod db;
pub mod keys;
pub mod merchant;
pub mod sandbox;
pub mod static_files;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::trace::TraceLayer;

pub use config::Config;

/// A started server.
pub struct Running {
    /// The address actually bound (useful with port 0).
    pub addr: SocketAddr,
    /// The public URL in use, no trailing slash.
    pub public_url: String,
    shutdown: watch::Sender<bool>,
    server: JoinHandle<std::io::Result<()>>,
    tasks: Vec<JoinHandle<()>>,
    pools: Vec<db::Pool>,
}

impl Running {
    /// Stops accepting connections, lets open requests finish, stops background tasks and
    /// closes the databases.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        self.finish().await;
    }

    /// Runs until Ctrl-C or SIGTERM, then stops gracefully.
    pub async fn wait_for_signal(self) {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            match signal(SignalKind::terminate()) {
                Ok(mut term) => {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => {}
                        _ = term.recv() => {}
                    }
                }
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
        self.stop().await;
    }

    async fn finish(self) {
        match self.server.await {
            Ok(Err(e)) => tracing::error!("server error: {e}"),
            Err(e) => tracing::error!("server task: {e}"),
            Ok(Ok(())) => {}
        }
        for t in self.tasks {
            let _ = t.await;
        }
        for p in self.pools {
            p.close().await;
        }
    }
}

/// Binds, opens the databases, and serves in the background.
pub async fn start(config: Config) -> anyhow::Result<Running> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating data dir {}", config.data_dir.display()))?;
    let listener =
        tokio::net::TcpListener::bind(config.listen).await.with_context(|| format!("binding {}", config.listen))?;
    let addr = listener.local_addr()?;
    let public_url = config.public_url_for(addr);
    let ams_url = config.ams_url_for(&public_url);
    let (shutdown, shutdown_rx) = watch::channel(false);
    let mut tasks = Vec::new();
    let mut pools = Vec::new();

    // The sandbox first: the merchant needs its public key, and it needs the merchant's.
    let sandbox = if config.sandbox_enabled() {
        let security = sandbox::security::SandboxSecurity::load_or_create(&config.data_dir)?;
        let sandbox_pool = db::open_sandbox(&config.sandbox_database_url()).await?;
        pools.push(sandbox_pool.clone());
        Some(sandbox::SandboxState {
            inner: Arc::new(sandbox::SandboxInner {
                pool: sandbox_pool,
                public_url: public_url.clone(),
                security: Arc::new(security),
                notify_time_scale: config.notify_time_scale,
                wake: Arc::new(tokio::sync::Notify::new()),
            }),
        })
    } else {
        None
    };

    let mut app = Router::new();
    if config.merchant_enabled() {
        let merchant = start_merchant(&config, &public_url, &ams_url, sandbox.as_ref()).await?;
        pools.push(merchant.pool.clone());
        tasks.push(tokio::spawn(merchant::reconciler::run(merchant.clone(), shutdown_rx.clone())));
        app = app
            .nest("/api/v1", merchant::routes::api_router(merchant.clone(), &config.allowed_origins))
            .merge(merchant::routes::notify_router(merchant))
            .merge(static_files::router(&config.widget_dir, &config.shop_dir));
    }
    if let Some(sandbox) = sandbox {
        tasks.push(tokio::spawn(sandbox::notifier::run(sandbox.clone(), shutdown_rx.clone())));
        app = app.merge(sandbox::router(sandbox));
    }
    let app = app.layer(TraceLayer::new_for_http());

    let mut stop = shutdown_rx.clone();
    let server = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(async move {
                let _ = stop.wait_for(|s| *s).await;
            })
            .await
    });
    tracing::info!(%public_url, %ams_url, role = ?config.role, sandbox = config.sandbox_enabled(), "server started");
    Ok(Running { addr, public_url, shutdown, server, tasks, pools })
}

/// Loads the keys, opens the merchant database and connects to AMS.
async fn start_merchant(
    config: &Config,
    public_url: &str,
    ams_url: &str,
    sandbox: Option<&sandbox::SandboxState>,
) -> anyhow::Result<merchant::MerchantState> {
    let merchant_key = keys::merchant_private(&config.data_dir, config.merchant_private_key.as_deref())?;
    let enrolled = match (sandbox, config.enroll_with_sandbox) {
        (None, true) => {
            Some(ams_client::enroll_with_sandbox(ams_url, &config.client_id, &merchant_key.public_key()).await?)
        }
        _ => None,
    };
    let sandbox_public = sandbox.map(|s| s.security.public_key().clone()).or(enrolled);
    let ams_public = keys::ams_public(&config.data_dir, config.alipay_public_key.as_deref(), sandbox_public.as_ref())?;
    if let Some(sandbox) = sandbox {
        // The embedded sandbox knows this server's merchant, as Alipay's portal would.
        sandbox::security::register(&sandbox.pool, &config.client_id, &merchant_key.public_key(), true).await?;
    }
    let merchant_pool = db::open_merchant(&config.merchant_database_url()).await?;
    let keys = Arc::new(ams_client::AmsKeys::new(merchant_key, ams_public));
    let ams = ams_client::AmsClient::new(ams_url, &config.client_id, keys)?;
    Ok(merchant::MerchantState {
        inner: Arc::new(merchant::MerchantInner {
            pool: merchant_pool,
            ams,
            public_url: public_url.to_owned(),
            order_ttl_ms: (config.order_ttl_secs as i64).saturating_mul(1000),
            trusted_proxies: config.trusted_proxies.clone(),
            payment_expiry_secs: config.payment_expiry_secs,
        }),
    })
}
