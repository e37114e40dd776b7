use std::io::Write;

use clap::Parser;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    let config = checkout_server::Config::parse();
    let running = checkout_server::start(config).await?;
    // Scripts and tests parse this line.
    println!("listening on http://{}", running.addr);
    std::io::stdout().flush()?;
    running.wait_for_signal().await;
    Ok(())
}
