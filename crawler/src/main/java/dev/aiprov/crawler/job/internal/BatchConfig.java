package dev.aiprov.crawler.job.internal;

import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Batch infrastructure only (JDBC JobRepository and JobOperator); the crawl job itself
 * is built by {@code CrawlRunner} around the run's objects. {@code dataSource} and
 * {@code transactionManager} are registered by the runner.
 */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
@EnableJdbcJobRepository(dataSourceRef = "dataSource", transactionManagerRef = "transactionManager")
public class BatchConfig {
}
