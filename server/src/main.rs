use server::config::Config;
use server::startup::Application;
use server::telemetry;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    telemetry::init(&config.log_level);
    // `server rollups check|rebuild`: the service rollups against their facts.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("rollups") {
        return server::startup::rollups_command(config, args.get(1).map_or("check", String::as_str)).await;
    }
    let app = Application::build(config).await?;
    app.print_welcome();
    app.run_until_stopped().await?;
    Ok(())
}
