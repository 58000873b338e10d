using Microsoft.Extensions.Logging;

namespace Ivyo.LocalCluster.Controllers.Tests.Infrastructure;

/// <summary>Writes warnings and errors to standard error, for diagnosing a failing test run.</summary>
public sealed class ConsoleErrorLoggerFactory : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= (Environment.GetEnvironmentVariable("IVYO_TEST_LOG_LEVEL") == "debug" ? LogLevel.Debug : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Console.Error.WriteLine($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
