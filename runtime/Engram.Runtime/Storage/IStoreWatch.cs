using System;

namespace EngramDb.Storage;

/// <summary>How a store learns what other writers changed: <see cref="Poll"/> records it in the store's <see cref="StoreChanges"/>.</summary>
internal interface IStoreWatch : IDisposable
{
    void Poll();
}
