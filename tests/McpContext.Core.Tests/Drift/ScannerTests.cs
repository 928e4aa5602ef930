using McpContext.Core.Drift;
using McpContext.Core.Tests.Git;

namespace McpContext.Core.Tests.Drift;

public sealed class ScannerTests
{
    [Fact]
    public async Task Compose_reads_services_published_and_container_ports_in_short_and_long_syntax()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("docker-compose.yml", """
            x-defaults: &defaults
              restart: unless-stopped
              ports: ["9000:9000"]
            services:
              web:
                image: nginx
                ports:
                  - "8080:80"
                  - "127.0.0.1:8443:443/tcp"
                  - "[::1]:6000:6001"
                  - target: 5000
                    published: "5001"
                    host_ip: 127.0.0.1
              api:
                <<: *defaults
                expose: ["7000"]
              worker:
                ports: ["${WORKER_PORT:-9090}:9090", "${DEBUG_PORT}:5005", "3000-3002:3000-3002"]
            """);
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal(["web", "api", "worker"], scan.Services.Select(s => s.Name));
        Assert.Equal("docker-compose.yml:5: compose service web", scan.Services[0].Evidence.ToString());
        Assert.Equal(
            [
                "Published 8080 web docker-compose.yml:8", "Container 80 web docker-compose.yml:8",
                "Published 8443 web docker-compose.yml:9", "Container 443 web docker-compose.yml:9",
                "Published 6000 web docker-compose.yml:10", "Container 6001 web docker-compose.yml:10",
                "Published 5001 web docker-compose.yml:12", "Container 5000 web docker-compose.yml:11",
                "Published 9000 api docker-compose.yml:3", "Container 9000 api docker-compose.yml:3",
                "Container 7000 api docker-compose.yml:16",
                "Published 9090 worker docker-compose.yml:18", "Container 9090 worker docker-compose.yml:18",
                "Container 5005 worker docker-compose.yml:18",
                "Published 3000 worker docker-compose.yml:18", "Published 3001 worker docker-compose.yml:18", "Published 3002 worker docker-compose.yml:18",
                "Container 3000 worker docker-compose.yml:18", "Container 3001 worker docker-compose.yml:18", "Container 3002 worker docker-compose.yml:18",
            ],
            scan.Ports.Select(Describe));
        Assert.Equal("docker-compose.yml:18: compose service worker: the port comes from the variable DEBUG_PORT, which has no default here; not compared", Assert.Single(scan.Notes).ToString());
    }

    [Fact]
    public async Task Dockerfile_expose_resolves_arg_and_env_values_and_notes_what_it_cannot()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("services/api/Dockerfile", "FROM alpine\nARG PORT=8080\nENV METRICS 9100\nEXPOSE ${PORT} \\\n    $METRICS/tcp 53/udp\nexpose $UNSET\n");
        repo.Write("Containerfile", "FROM alpine\nEXPOSE 7000-7001\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal(
            ["Container 7000 (none) Containerfile:2", "Container 7001 (none) Containerfile:2", "Container 8080 api services/api/Dockerfile:4", "Container 9100 api services/api/Dockerfile:4", "Container 53 api services/api/Dockerfile:4"],
            scan.Ports.Select(Describe));
        Assert.Equal("services/api/Dockerfile:6: EXPOSE $UNSET: the variable UNSET has no value in this file; not compared", Assert.Single(scan.Notes).ToString());
    }

    [Fact]
    public async Task Nginx_reads_listen_upstream_servers_and_proxy_pass_targets_and_ignores_comments_and_variables()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("ops/nginx/sites-enabled/app", """
            upstream api_pool {   # the API
                server 127.0.0.1:8081 weight=3;
                server unix:/run/api.sock;
            }
            server {
                listen [::]:443 ssl;
                listen 127.0.0.1;
                # listen 9999;
                location /api { proxy_pass http://api_pool; }
                location /raw { proxy_pass http://127.0.0.1:8082/raw; }
                location /var { proxy_pass http://$backend:8083; }
                location /php { fastcgi_pass "127.0.0.1:9000"; }
            }
            """);
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal(
            [
                "Upstream 8081 api_pool ops/nginx/sites-enabled/app:2", "Listen 443 nginx ops/nginx/sites-enabled/app:6", "Listen 80 nginx ops/nginx/sites-enabled/app:7",
                "Upstream 8082 (none) ops/nginx/sites-enabled/app:10", "Upstream 9000 (none) ops/nginx/sites-enabled/app:12",
            ],
            scan.Ports.Select(Describe));
        Assert.Equal("ops/nginx/sites-enabled/app:6: nginx listens on 443", Assert.Single(scan.Services).Evidence.ToString());
        Assert.Empty(scan.Notes);
    }

    [Fact]
    public async Task Nginx_with_unbalanced_braces_is_noted_not_fatal()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("nginx.conf", "http { server { listen 80; }\n");
        repo.Write("deploy/nginx/extra.conf", "}\nserver { listen 81; }\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal(["deploy/nginx/extra.conf:1: a } without its {; the rest of the file is not read", "nginx.conf: 1 block(s) not closed at the end of the file"], scan.Notes.Select(n => n.ToString()));
        Assert.Equal(["Listen 80 nginx nginx.conf:1"], scan.Ports.Select(Describe));
    }

    [Fact]
    public async Task Kubernetes_reads_workloads_services_and_ports_across_documents_and_skips_templates()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("deploy/k8s/api.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: ledger-api
            spec:
              template:
                spec:
                  containers:
                    - name: api
                      ports:
                        - containerPort: 8080
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: ledger-api
            spec:
              type: NodePort
              ports:
                - port: 80
                  targetPort: http
                  nodePort: 30080
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
            """);
        repo.Write("charts/api/templates/svc.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n");
        repo.Write("deploy/ansible/site.yml", "- hosts: all\n  roles: [edge]\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal(["kubernetes Deployment ledger-api deploy/k8s/api.yaml:4", "kubernetes Service ledger-api deploy/k8s/api.yaml:16"], scan.Services.Select(s => $"{s.Source} {s.Evidence.Detail.Split(' ')[1]} {s.Name} {s.Evidence.Location}"));
        Assert.Equal(["Cluster 8080 ledger-api deploy/k8s/api.yaml:11", "Cluster 80 ledger-api deploy/k8s/api.yaml:20", "Published 30080 ledger-api deploy/k8s/api.yaml:22"], scan.Ports.Select(Describe));
        Assert.Equal("charts/api/templates/svc.yaml: a templated manifest (Helm or similar); only rendered manifests can be read, so it is skipped", Assert.Single(scan.Notes).ToString());
    }

    [Fact]
    public async Task Github_actions_workflows_give_name_triggers_and_runner_labels_including_self_hosted_ones()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write(".github/workflows/ci.yaml", """
            name: CI
            on: [push, pull_request]
            jobs:
              test:
                runs-on: ubuntu-24.04
              gpu:
                runs-on:
                  group: jetsons
                  labels: [self-hosted, ARM64]
              matrix:
                runs-on: ${{ matrix.os }}
              reuse:
                uses: ./.github/workflows/shared.yml
            """);
        repo.Write(".github/workflows/nested/ignored.yml", "name: not a workflow GitHub runs\n");
        repo.Write(".github/workflows/broken.yml", "name: broken\non: push\njobs: [\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        var ci = scan.Workflows.Single(w => w.Path == ".github/workflows/ci.yaml");
        Assert.Equal(("github-actions", "CI", ".github/workflows/ci.yaml:1"), (ci.System, ci.Name, ci.Evidence.Location));
        Assert.Equal(["push", "pull_request"], ci.Triggers);
        Assert.Equal(["test [ubuntu-24.04] 5", "gpu [self-hosted, ARM64] 7", "matrix [] 11", "reuse [] 12"], ci.Jobs.Select(j => $"{j.Id} [{string.Join(", ", j.Labels)}] {j.Line}"));
        Assert.Equal([".github/workflows/broken.yml", ".github/workflows/ci.yaml"], scan.Workflows.Select(w => w.Path).Order(StringComparer.Ordinal));
        Assert.StartsWith(".github/workflows/broken.yml:4: not valid YAML: ", Assert.Single(scan.Notes).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gitlab_ci_reads_jobs_tags_default_tags_and_local_includes()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write(".gitlab-ci.yml", """
            default:
              tags: [docker]
            stages: [test, deploy]
            include:
              - local: /ci/deploy.yml
              - project: group/templates
                file: base.yml
              - remote: https://example.invalid/ci.yml
            .hidden: {script: echo}
            test:
              stage: test
              script: make test
            gpu:
              tags: [arm64, $RUNNER_TAG]
              script: make gpu
            """);
        repo.Write("ci/deploy.yml", "deploy:\n  script: ./deploy.sh\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        var pipeline = scan.Workflows.Single(w => w.Path == ".gitlab-ci.yml");
        Assert.Equal(["test [docker] 10", "gpu [arm64] 14"], pipeline.Jobs.Select(j => $"{j.Id} [{string.Join(", ", j.Labels)}] {j.Line}"));
        var include = scan.Workflows.Single(w => w.Path == "ci/deploy.yml");
        Assert.Equal(".gitlab-ci.yml:5: included by .gitlab-ci.yml", include.Evidence.ToString());
        Assert.Empty(scan.Notes);
    }

    [Fact]
    public async Task Dotnet_launch_settings_and_appsettings_give_url_ports_under_the_project_name()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("src/Ledger.Api/Properties/launchSettings.json", """
            {
              // comments and trailing commas are allowed here
              "profiles": {
                "http": { "applicationUrl": "https://localhost:7043;http://localhost:5043", },
                "docker": { "environmentVariables": { "ASPNETCORE_HTTP_PORTS": "8080" } },
              },
            }
            """);
        repo.Write("src/Ledger.Api/appsettings.Production.json", "{\n  \"Kestrel\": { \"Endpoints\": { \"Http\": { \"Url\": \"http://0.0.0.0:8080\" } } },\n  \"Urls\": \"http://*:8081\"\n}\n");
        repo.Write("src/Worker/appsettings.json", "{ \"Urls\": \"http://localhost:5000\", \"Logging\": [\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal(
            [
                "Url 7043 Ledger.Api src/Ledger.Api/Properties/launchSettings.json:4", "Url 5043 Ledger.Api src/Ledger.Api/Properties/launchSettings.json:4",
                "Url 8080 Ledger.Api src/Ledger.Api/Properties/launchSettings.json:5",
                "Url 8080 Ledger.Api src/Ledger.Api/appsettings.Production.json:2", "Url 8081 Ledger.Api src/Ledger.Api/appsettings.Production.json:3",
            ],
            scan.Ports.Select(Describe));
        Assert.StartsWith("src/Worker/appsettings.json:2: not valid JSON: ", Assert.Single(scan.Notes).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Package_json_env_files_and_procfiles_give_ports_and_named_processes()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write("web/package.json", "{\n  \"name\": \"@shop/storefront\",\n  \"scripts\": {\n    \"dev\": \"vite --port 5173\",\n    \"start\": \"PORT=3000 node server.js\",\n    \"lint\": \"eslint .\"\n  }\n}\n");
        repo.Write(".env.example", "# ports only\nexport API_PORT=8080\nPORT=\"3000\"\nSECRET_KEY=do-not-read-me\n");
        repo.Write("Procfile", "web: gunicorn app:app --bind 0.0.0.0:$PORT\nworker: celery -A app worker\nrelease: ./migrate.sh\nmetrics: prometheus --web.listen-address=:9090 -p 9091\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal(
            [
                "Environment 8080 api .env.example:2", "Environment 3000 (none) .env.example:3",
                "Command 9091 metrics Procfile:4",
                "Command 5173 storefront web/package.json:4", "Command 3000 storefront web/package.json:5",
            ],
            scan.Ports.Select(Describe));
        Assert.Equal(["web", "worker", "metrics"], scan.Services.Select(s => s.Name));
        Assert.DoesNotContain(scan.Ports, p => p.Evidence.Detail.Contains("do-not-read-me", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Odd_files_become_notes_never_failures()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteBytes("compose.yaml", [0x73, 0x65, 0xff, 0xfe, 0x0a]);
        repo.Write("deploy/compose/deep.yml", new string('[', 100_000) + new string(']', 100_000));
        repo.Write("deploy/compose/big.yml", "services:\n" + new string('#', RepositoryScanner.MaxFileBytes));
        repo.Write("deploy/compose/list.yml", "- just\n- a list\n");
        var outside = Path.Combine(Path.GetTempPath(), $"mcpctx-outside-{Guid.NewGuid():N}.yml");
        File.WriteAllText(outside, "services:\n  leak:\n    ports: [\"1:1\"]\n");
        try
        {
            File.CreateSymbolicLink(repo.PathOf("docker-compose.yml"), outside);
            var scan = await EdgeRepo.ScanAsync(repo);
            Assert.Empty(scan.Services);
            Assert.Equal(
                [
                    "compose.yaml: not UTF-8 text; not read",
                    $"deploy/compose/big.yml: larger than 1 MiB ({RepositoryScanner.MaxFileBytes + 10} bytes); not read",
                    "deploy/compose/deep.yml:1: nested more than 64 levels deep; not read",
                    "deploy/compose/list.yml: looks like a compose file by its name but has no services: mapping; not read",
                    "docker-compose.yml: a symbolic link to a file outside the project; not read",
                ],
                scan.Notes.Select(n => n.ToString()));
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public async Task Files_come_from_git_tracked_and_untracked_but_never_ignored_or_deleted()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.Write(".gitignore", "build/\n");
        repo.Write("build/Dockerfile", "EXPOSE 1111\n");
        repo.Write("gone/Dockerfile", "EXPOSE 2222\n");
        repo.Write("kept/Dockerfile", "EXPOSE 3333\n");
        await repo.CommitAllAsync();
        repo.Delete("gone/Dockerfile");
        repo.Write("new/Dockerfile", "EXPOSE 4444\n");
        var scan = await EdgeRepo.ScanAsync(repo);
        Assert.Equal([3333L, 4444L], scan.Ports.Select(p => p.Port));
        Assert.Equal([".gitignore", "kept/Dockerfile", "new/Dockerfile"], scan.Files.All);
    }

    private static string Describe(PortFact fact) => $"{fact.Role} {fact.Port} {fact.Service ?? "(none)"} {fact.Evidence.Location}";
}
