package io.auditcache.bench.jmh;

import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs this package's JMH benchmarks, JMH flags passed through; JSON results to {@code load-tests/results/jmh.json}. */
public final class JmhRunner {

  static final Path RESULTS = Path.of("load-tests", "results", "jmh.json");
  private static final String PACKAGE = "^" + JmhRunner.class.getPackageName().replace(".", "\\.") + "\\.";

  private JmhRunner() {
  }

  public static void main(String[] args) throws IOException {
    try {
      CommandLineOptions cli = new CommandLineOptions(args);
      if (cli.shouldHelp()) {
        cli.showHelp();
        return;
      }
      if (cli.shouldListProfilers()) {
        cli.listProfilers();
        return;
      }
      if (cli.shouldListResultFormats()) {
        cli.listResultFormats();
        return;
      }
      ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
      if (cli.getIncludes().isEmpty()) {
        options.include(PACKAGE);
      }
      Path results = cli.getResult().hasValue() ? Path.of(cli.getResult().get()) : RESULTS;
      if (!cli.getResultFormat().hasValue()) {
        options.resultFormat(ResultFormatType.JSON);
      }
      if (!cli.getResult().hasValue()) {
        options.result(results.toString());
      }
      Runner runner = new Runner(options.build());
      if (cli.shouldList()) {
        runner.list();
        return;
      }
      if (cli.shouldListWithParams()) {
        runner.listWithParams(cli);
        return;
      }
      if (results.toAbsolutePath().getParent() != null) {
        Files.createDirectories(results.toAbsolutePath().getParent());
      }
      runner.run();
      System.out.println("Results: " + results.toAbsolutePath());
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line: " + e.getMessage());
      System.exit(1);
    } catch (NoBenchmarksException e) {
      System.err.println("No matching benchmarks. Miss-spelled regexp? Use -l to list them.");
      System.exit(1);
    } catch (RunnerException e) {
      System.err.println("Benchmarks failed: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }
}
