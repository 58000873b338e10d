using System.Text.Json.Nodes;
using Ivyo.LocalCluster.Registry.Catalog;
using Ivyo.LocalCluster.Registry.Json;
using static Ivyo.LocalCluster.Registry.Printing.Cells;

namespace Ivyo.LocalCluster.Registry.Printing;

/// <summary>printJob and printCronJob of pkg/printers/internalversion/printers.go (Kubernetes 1.32: Job STATUS, CronJob TIMEZONE).</summary>
internal static class JobPrinter
{
    private static TableColumn Col(string name, string description, int priority = 0, string type = "string") => new(name, type, description, priority);

    public static ResourcePrinter Jobs => new(
        [new("Name", "string", ObjectMetaDocs.Name, Format: "name"), Col("Status", "Status of the job."),
         Col("Completions", "The completion status of the job."), Col("Duration", "Time required to complete the job."),
         new("Age", "string", ObjectMetaDocs.CreationTimestamp), Col("Containers", "Names of each container in the template.", 1),
         Col("Images", "Images referenced by each container in the template.", 1), Col("Selector", "A label query over pods that should match the pod count.", 1)],
        (o, now) =>
        {
            var spec = o["spec"];
            var status = o["status"];
            var succeeded = Int(status, "succeeded");
            string completions;
            if (JsonAccess.Integer(spec, "completions") is { } total)
            {
                completions = Text(succeeded) + "/" + Text(total);
            }
            else
            {
                var parallelism = Int(spec, "parallelism");
                completions = parallelism > 1 ? $"{Text(succeeded)}/1 of {Text(parallelism)}" : Text(succeeded) + "/1";
            }

            var duration = string.Empty;
            if (HumanDuration.TryParseTime(JsonAccess.String(status, "startTime"), out var start))
            {
                duration = HumanDuration.TryParseTime(JsonAccess.String(status, "completionTime"), out var end)
                    ? HumanDuration.Format(end - start)
                    : HumanDuration.Format(now - start);
            }

            var conditions = JsonAccess.Objects(status, "conditions").Where(c => JsonAccess.String(c, "status") == "True")
                .Select(c => JsonAccess.String(c, "type")).ToHashSet();
            var state = conditions.Contains("Complete") ? "Complete"
                : conditions.Contains("Failed") ? "Failed"
                : JsonAccess.String(o["metadata"], "deletionTimestamp") is { Length: > 0 } ? "Terminating"
                : conditions.Contains("SuccessCriteriaMet") ? "SuccessCriteriaMet"
                : conditions.Contains("Suspended") ? "Suspended"
                : conditions.Contains("FailureTarget") ? "FailureTarget"
                : "Running";
            var (names, images) = Containers(JsonAccess.Object(spec, "template"));
            return [Name(o), state, completions, duration, Age(o, now), names, images, Selector(JsonAccess.Object(spec, "selector"))];
        });

    public static ResourcePrinter CronJobs => new(
        [new("Name", "string", ObjectMetaDocs.Name, Format: "name"), Col("Schedule", "The schedule in Cron format."),
         Col("Timezone", "The time zone name for the given schedule."), Col("Suspend", "This flag tells the controller to suspend subsequent executions.", type: "boolean"),
         Col("Active", "A list of pointers to currently running jobs.", type: "integer"), Col("Last Schedule", "Information when was the last time the job was successfully scheduled."),
         new("Age", "string", ObjectMetaDocs.CreationTimestamp), Col("Containers", "Names of each container in the template.", 1),
         Col("Images", "Images referenced by each container in the template.", 1), Col("Selector", "A label query over pods that should match the pod count.", 1)],
        (o, now) =>
        {
            var spec = o["spec"];
            var jobSpec = JsonAccess.Object(JsonAccess.Object(spec, "jobTemplate"), "spec");
            var suspend = JsonAccess.Boolean(spec, "suspend") switch
            {
                true => "True",
                false => "False",
                null => "<unset>",
            };
            var lastSchedule = JsonAccess.String(o["status"], "lastScheduleTime") is { Length: > 0 } t ? HumanDuration.Since(t, now) : None;
            var (names, images) = Containers(JsonAccess.Object(jobSpec, "template"));
            return [Name(o), JsonAccess.String(spec, "schedule") ?? string.Empty, OrNone(JsonAccess.String(spec, "timeZone")), suspend,
                (long)(JsonAccess.Array(o["status"], "active")?.Count ?? 0), lastSchedule, Age(o, now), names, images, Selector(JsonAccess.Object(jobSpec, "selector"))];
        });
}
