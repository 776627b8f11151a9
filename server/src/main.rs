use server::config::Config;
use server::startup::Application;
use server::telemetry;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    telemetry::init(&config.log_level);
    let app = Application::build(config).await?;
    app.print_welcome();
    app.run_until_stopped().await?;
    Ok(())
}
