using System;
using Microsoft.AspNetCore.Http;

namespace ThreadSafeDemo;

internal static class ConnectionInfoExtensions
{
    /// <summary>
    /// The address a request's connection was accepted on: one the server itself listens on. Unlike the request's
    /// Host header, which the client writes, it cannot name another machine.
    /// </summary>
    /// <exception cref="InvalidOperationException">The connection has no local IP address (it is not TCP).</exception>
    public static Uri LocalBaseAddress(this ConnectionInfo connection, string scheme)
    {
        var address = connection.LocalIpAddress
            ?? throw new InvalidOperationException("The request came on a connection without a local IP address; the server cannot call itself back on it.");
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return new UriBuilder(scheme, address.ToString(), connection.LocalPort).Uri;
    }
}
