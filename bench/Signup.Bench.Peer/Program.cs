using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

// The registration endpoint a .NET team gets from ASP.NET Core Identity out of the box: MapIdentityApi's
// POST /register, users in SQLite through EF Core, passwords hashed with PBKDF2-HMAC-SHA512. The benchmark starts
// it with --urls http://127.0.0.1:PORT, a fresh database file in PEER_DATABASE, and optionally
// PEER_PBKDF2_ITERATIONS to give the hash another cost than PasswordHasherOptions' default.
var builder = WebApplication.CreateSlimBuilder(args);

// The web templates' appsettings.json keeps ASP.NET Core's own logging at Warning; EF Core's per-command lines go
// the same way, so that the peer, like the function, writes no log line per request except on errors.
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

var database = builder.Configuration["PEER_DATABASE"]
    ?? throw new InvalidOperationException("PEER_DATABASE is missing: set it to the path of a new SQLite file.");
builder.Services.AddDbContext<PeerDbContext>(options => options.UseSqlite($"Data Source={database}"));
builder.Services.AddAuthorization();
builder.Services.AddIdentityApiEndpoints<IdentityUser>().AddEntityFrameworkStores<PeerDbContext>();
if (builder.Configuration["PEER_PBKDF2_ITERATIONS"] is { Length: > 0 } iterations)
{
    builder.Services.Configure<PasswordHasherOptions>(
        options => options.IterationCount = int.Parse(iterations, NumberStyles.None, CultureInfo.InvariantCulture));
}

var app = builder.Build();
using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<PeerDbContext>().Database.EnsureCreated();
}

app.MapIdentityApi<IdentityUser>();
app.MapGet("/users/count", (PeerDbContext db) => db.Users.CountAsync());
app.Run();

/// <summary>The Identity schema in SQLite.</summary>
internal sealed class PeerDbContext(DbContextOptions<PeerDbContext> options) : IdentityDbContext<IdentityUser>(options);
