using System.Text;

namespace LogisticsFunctions.WeChatSimulator.Faults;

/// <summary>A 200 that is a web page, not JSON: what a proxy or captive portal in the path hands back.</summary>
internal sealed record HtmlPageFault : SimulatorFault
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes(
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head><meta charset="utf-8"><title>微信公众平台</title></head>
        <body>
        <div class="page_msg"><h2>系统繁忙，请稍后再试</h2><p>System busy, please try again later.</p></div>
        </body>
        </html>

        """);

    internal override async Task PlayAsync(HttpContext context, SimulatorEndpoint endpoint, TimeProvider timeProvider, Func<Task> answer)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = Page.Length;
        await context.Response.Body.WriteAsync(Page, context.RequestAborted);
    }
}
