using System.Net;

namespace PolicyEngine.Tests;

/// <summary>An HTTP listener on a free port of 127.0.0.1, for the local endpoints the tests stand up.</summary>
internal static class LocalHttpListener
{
    public static (HttpListener Listener, Uri Url) Start()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = MotoProcess.FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, new Uri($"http://127.0.0.1:{port}/"));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close(); // the port was taken meanwhile: another one
            }
        }
    }

    /// <summary>
    /// Shuts the listener down once. On Linux, Stop followed by Close unregisters the prefix twice, and the second time
    /// binds the port again to find it: "Address already in use" when another listener took the port in between.
    /// </summary>
    public static void Shut(HttpListener listener)
    {
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Tearing down a test endpoint: the port is released either way.
        }
    }

    /// <summary>Hands each request to <paramref name="answer"/> on its own task until the listener is stopped.</summary>
    public static async Task ServeAsync(HttpListener listener, Func<HttpListenerContext, Task> answer)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => answer(context));
        }
    }
}
