using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Auth;
using Serverless.Api.Errors;

namespace Serverless.Api;

/// <summary>
/// Runs a <see cref="TroveRoute"/> on a request that some other host routed, such as an HTTP-triggered function:
/// the same handler, parameter binding, token check and error mapping as on Kestrel, with the route values taken
/// from the request path.
/// </summary>
public sealed class TroveApiInvoker
{
    private readonly FrozenDictionary<string, (TemplateMatcher Matcher, RequestDelegate Pipeline)> _routes;

    /// <summary>Initializes a new instance of the <see cref="TroveApiInvoker"/> class.</summary>
    /// <param name="services">The host's services (with <c>AddTroveApi</c> and the control plane).</param>
    public TroveApiInvoker(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _routes = TroveRoutes.All.ToFrozenDictionary(route => route.Name, route => Build(route, services), StringComparer.Ordinal);
    }

    /// <summary>Runs the route named <paramref name="routeName"/> (see <see cref="TroveRouteNames"/>) and writes its response.</summary>
    /// <param name="routeName">The route.</param>
    /// <param name="request">The request; its path must match the route's template.</param>
    /// <returns>A task completing once the response is written.</returns>
    /// <exception cref="ArgumentException">There is no such route, or the path does not match it.</exception>
    public Task InvokeAsync(string routeName, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_routes.TryGetValue(routeName, out var route))
        {
            throw new ArgumentException($"There is no Trove route named '{routeName}'.", nameof(routeName));
        }

        var values = new RouteValueDictionary();
        if (!route.Matcher.TryMatch(request.Path, values))
        {
            throw new ArgumentException($"The path {request.Path} does not match route '{routeName}'.", nameof(request));
        }

        foreach (var (key, value) in values)
        {
            request.RouteValues[key] = value;
        }

        return route.Pipeline(request.HttpContext);
    }

    private static (TemplateMatcher, RequestDelegate) Build(TroveRoute route, IServiceProvider services)
    {
        var pattern = RoutePatternFactory.Parse($"/{route.Template}");
        var endpoint = new RouteEndpointBuilder(requestDelegate: null, pattern, order: 0) { ApplicationServices = services };

        // The same filters, in the same order, as the Kestrel group: the token check outside, the error mapping inside.
        endpoint.FilterFactories.Add((_, next) => context => services.GetRequiredService<ProjectTokenFilter>().InvokeAsync(context, next));
        endpoint.FilterFactories.Add((_, next) => context => services.GetRequiredService<TroveErrorFilter>().InvokeAsync(context, next));
        var handler = RequestDelegateFactory.Create(route.Handler, new RequestDelegateFactoryOptions
        {
            ServiceProvider = services,
            RouteParameterNames = [.. pattern.Parameters.Select(parameter => parameter.Name)],
            EndpointBuilder = endpoint,
        });
        var matcher = new TemplateMatcher(TemplateParser.Parse(route.Template), new RouteValueDictionary());
        return (matcher, handler.RequestDelegate);
    }
}
