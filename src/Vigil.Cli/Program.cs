using Vigil.Cli;

return VigilApp.Run(args, Console.Out, Console.Error);
