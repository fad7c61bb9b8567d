using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Notes;

/// <summary>Adds a heartbeat note every second, for as long as the app runs.</summary>
public sealed class IndexingWorker : BackgroundService
{
    private readonly NotesRepository _notes;

    public IndexingWorker(NotesRepository notes) => _notes = notes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            _notes.Add("heartbeat");
            await Task.Delay(1000, stoppingToken);
        }
    }
}
